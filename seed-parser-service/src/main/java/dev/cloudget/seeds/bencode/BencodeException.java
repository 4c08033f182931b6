package dev.cloudget.seeds.bencode;

/**
 * Why the parser refused its input: a stable problem slug ({@code torrent-malformed}, or {@code torrent-too-large}
 * for input over the size limit), the path of the offending value ({@code info.files[3].path}, {@code (root)} for
 * the top level) and the byte offset where reading stopped. The parser throws nothing else for any input.
 */
public final class BencodeException extends RuntimeException {

    public static final String MALFORMED = "torrent-malformed";
    public static final String TOO_LARGE = "torrent-too-large";

    private final String slug;
    private final String path;
    private final long offset;
    private final String detail;

    BencodeException(String slug, String path, long offset, String detail) {
        super(detail + " (at " + path + ", offset " + offset + ")", null, false, false);
        this.slug = slug;
        this.path = path;
        this.offset = offset;
        this.detail = detail;
    }

    public String slug() {
        return slug;
    }

    public String path() {
        return path;
    }

    public long offset() {
        return offset;
    }

    /** The reason alone, without path and offset. */
    public String detail() {
        return detail;
    }
}
