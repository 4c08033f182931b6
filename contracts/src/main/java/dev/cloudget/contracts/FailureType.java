package dev.cloudget.contracts;

/**
 * Why a job failed, as a stable slug that clients may switch on. The slug is also the last path
 * segment of the problem {@code type} URI ({@link dev.cloudget.contracts.web.Problems}).
 */
public enum FailureType {
    /** The origin answered with a non-success HTTP status (detail carries it). */
    ORIGIN_HTTP_STATUS("origin-http-status"),
    /** The FTP server refused the login, the file or the transfer (detail carries its reply). */
    ORIGIN_FTP_REPLY("origin-ftp-reply"),
    /** The origin's host name does not resolve. */
    HOST_NOT_FOUND("host-not-found"),
    /** The origin refused the connection. */
    CONNECTION_REFUSED("connection-refused"),
    /** The origin stopped answering within the timeout. */
    TIMEOUT("timeout"),
    /** The destination is loopback, private, link-local or otherwise not public, and not allowlisted. */
    BLOCKED_ADDRESS("blocked-address"),
    /** Too many redirects, or a redirect to an unsupported scheme. */
    REDIRECT_REFUSED("redirect-refused"),
    /** A magnet's metadata did not arrive from any peer before the deadline. */
    METADATA_TIMEOUT("metadata-timeout"),
    /** No peer sent a byte for longer than the stall deadline (a swarm with no seeders left). */
    STALLED("stalled"),
    /** Metadata from peers, or a stored torrent, does not parse or breaks the parser's limits. */
    TORRENT_MALFORMED("torrent-malformed"),
    /** A selected file index is not in the torrent. */
    INVALID_FILE_SELECTION("invalid-file-selection"),
    /** The torrent named by the task is not (or no longer) in the seed database. */
    SEED_NOT_FOUND("seed-not-found"),
    /** An ed2k link whose content is not stored and that names no HTTP source. */
    NO_ED2K_SOURCE("no-ed2k-source"),
    /** A linked Metalink document does not parse, or breaks the reader's limits. */
    METALINK_MALFORMED("metalink-malformed"),
    /** The downloaded bytes do not hash to what the link promised. */
    HASH_MISMATCH("hash-mismatch"),
    /** The download is larger than the worker's configured scratch or size limit. */
    TOO_LARGE("too-large"),
    /** The job ran longer than the worker's total-time deadline for one job, however steadily bytes came. */
    DEADLINE_EXCEEDED("deadline-exceeded"),
    /** The worker has no engine for this kind of source. */
    UNSUPPORTED_SOURCE("unsupported-source"),
    /** The origin's content changed while it was being downloaded in segments (its validators no longer matched). */
    ORIGIN_CHANGED("origin-changed"),
    /** Any other network failure talking to the origin. */
    NETWORK_ERROR("network-error"),
    /** The bytes could not be stored. */
    STORAGE_ERROR("storage-error"),
    /** A defect on our side. */
    INTERNAL_ERROR("internal-error");

    private final String slug;

    FailureType(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    public static FailureType ofSlug(String slug) {
        for (FailureType type : values()) {
            if (type.slug.equals(slug)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown failure type: " + slug);
    }
}
