package dev.cloudget.seeds.bencode;

/**
 * How much a bencoded input may ask of the parser. Every limit is checked before the memory it guards is taken:
 * a declared string length against the bytes that remain, nesting before recursing, the value count as values appear.
 *
 * @param maxInputBytes  the whole input
 * @param maxDepth       lists and dictionaries nested in each other (the top-level value is depth 1)
 * @param maxItems       values of any kind in the whole input, keys included
 * @param maxStringBytes one byte string
 */
public record BencodeLimits(long maxInputBytes, int maxDepth, int maxItems, long maxStringBytes) {

    /** 10 MiB, 32 levels, a million values: far above any real torrent, far below what hurts a JVM. */
    public static final BencodeLimits DEFAULT = new BencodeLimits(10L * 1024 * 1024, 32, 1_000_000, 10L * 1024 * 1024);

    public BencodeLimits {
        if (maxInputBytes < 1 || maxInputBytes > Integer.MAX_VALUE - 8 || maxDepth < 1 || maxItems < 1
                || maxStringBytes < 0) {
            throw new IllegalArgumentException("bencode limits must be positive and the input fit in an array");
        }
    }
}
