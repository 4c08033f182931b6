package dev.cloudget.contracts.source;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hashes of a file's consecutive pieces of {@code length} bytes (the last one shorter), as a Metalink gives them: a
 * piece that does not hash to its value is fetched again from another source instead of failing the whole file.
 *
 * @param algorithm an IANA hash name ({@code sha-1}, {@code sha-256}, …), lower case
 * @param hashes    one lower-case hex digest per piece, in file order
 */
public record PieceHashes(String algorithm, long length, List<String> hashes) {

    /** IANA hash names (RFC 5854 uses them) and the JCA's names for them. */
    private static final Map<String, String> ALGORITHMS = Map.of(
            "md5", "MD5", "sha-1", "SHA-1", "sha-224", "SHA-224", "sha-256", "SHA-256", "sha-384", "SHA-384",
            "sha-512", "SHA-512");
    public static final int MAX_PIECES = 1 << 20;

    public PieceHashes {
        algorithm = algorithm == null ? "" : algorithm.toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.containsKey(algorithm)) {
            throw new IllegalArgumentException("unsupported piece hash " + algorithm + "; one of "
                    + ALGORITHMS.keySet().stream().sorted().toList());
        }
        if (length <= 0) {
            throw new IllegalArgumentException("piece length must be positive: " + length);
        }
        if (hashes == null || hashes.isEmpty() || hashes.size() > MAX_PIECES) {
            throw new IllegalArgumentException("between 1 and " + MAX_PIECES + " piece hashes, not "
                    + (hashes == null ? 0 : hashes.size()));
        }
        hashes = hashes.stream().map(hash -> {
            String hex = hash.strip().toLowerCase(Locale.ROOT);
            HexFormat.of().parseHex(hex);
            return hex;
        }).toList();
    }

    /** The JCA name of the algorithm, for {@code MessageDigest.getInstance}. */
    public String jcaName() {
        return ALGORITHMS.get(algorithm);
    }

    /** Whether {@code size} bytes make exactly this many pieces. */
    public boolean fits(long size) {
        return size >= 0 && (size + length - 1) / length == hashes.size();
    }
}
