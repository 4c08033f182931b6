package dev.cloudget.seeds.bencode;

/**
 * A bencoded value (BEP 3) and the byte span it was read from: {@code [start, end)} in the parsed input, so that
 * the exact bytes of a value (the {@code info} dictionary, whose SHA-1 is the info-hash) can be taken as received
 * rather than re-encoded. Values built in code have no span ({@code -1}). The span is not part of equality: two
 * values are equal when they hold the same data.
 */
public abstract sealed class Bencode permits BString, BInteger, BList, BDictionary {

    private final int start;
    private final int end;

    Bencode(int start, int end) {
        this.start = start;
        this.end = end;
    }

    /** Offset of the value's first byte in the input it was parsed from, or -1 when built in code. */
    public int start() {
        return start;
    }

    /** Offset just past the value's last byte in the input it was parsed from, or -1 when built in code. */
    public int end() {
        return end;
    }

    /** What kind of value this is, as a reader of an error message would say it. */
    public abstract String kind();
}
