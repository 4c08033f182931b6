package dev.cloudget.seeds.torrent;

/**
 * A torrent the seed parser will not store: the {@link Refusal}, the offending field ({@code info.files[3].path},
 * {@code (root)} for the whole input) and the byte offset of the offending value, or -1 when it has none.
 */
public final class TorrentRefusedException extends RuntimeException {

    private final Refusal refusal;
    private final String field;
    private final long offset;
    private final String detail;

    public TorrentRefusedException(Refusal refusal, String field, long offset, String detail) {
        super(refusal.slug() + ": " + detail + " (at " + field + (offset >= 0 ? ", offset " + offset : "") + ")",
                null, false, false);
        this.refusal = refusal;
        this.field = field;
        this.offset = offset;
        this.detail = detail;
    }

    public Refusal refusal() {
        return refusal;
    }

    public String field() {
        return field;
    }

    public long offset() {
        return offset;
    }

    public String detail() {
        return detail;
    }
}
