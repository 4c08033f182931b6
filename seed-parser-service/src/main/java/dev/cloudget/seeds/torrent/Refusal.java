package dev.cloudget.seeds.torrent;

/** Why a torrent was refused, as the stable slug of its problem type ({@code contracts} {@code Problems}). */
public enum Refusal {
    /** Not bencode, or bencode that breaks the parser's limits. */
    MALFORMED("torrent-malformed", "Malformed torrent"),
    /** Bencode that is not a valid torrent: missing, mistyped or inconsistent fields. */
    INVALID("torrent-invalid", "Invalid torrent"),
    /** A file name that could escape or break a file system. */
    UNSAFE_PATH("unsafe-path", "Unsafe path in torrent"),
    /** More bytes or more files than the seed parser accepts. */
    TOO_LARGE("torrent-too-large", "Torrent too large"),
    /** A valid torrent the engines cannot download: BitTorrent v2 only. */
    UNSUPPORTED("unsupported-source", "Unsupported torrent");

    private final String slug;
    private final String title;

    Refusal(String slug, String title) {
        this.slug = slug;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
