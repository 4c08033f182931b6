package dev.cloudget.worker.engine;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.platform.guard.BlockedAddressException;

/** A fetch that cannot succeed, already classified: {@code type} for machines, the message for people. */
public class DownloadException extends Exception {

    private final FailureType type;

    public DownloadException(FailureType type, String detail) {
        super(detail);
        this.type = type;
    }

    public DownloadException(FailureType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = type;
    }

    /**
     * The guard refused {@code host}: the detail names the host and port, never the addresses it resolved to (they map
     * the network behind the worker); the guard's own message stays in the cause, for the log.
     */
    public static DownloadException blockedAddress(String host, int port, BlockedAddressException cause) {
        return new DownloadException(FailureType.BLOCKED_ADDRESS, "host " + host + " port " + port
                + " is not a public address and not on the allowlist", cause);
    }

    /**
     * Storing failed: the detail says so and why in a few words of ours ({@code reason}), never the store's or the
     * storage service's own text; the cause keeps it, for the log.
     */
    public static DownloadException notStored(String reason, Throwable cause) {
        return new DownloadException(FailureType.STORAGE_ERROR, "the file could not be stored (" + reason + ")", cause);
    }

    /** The source declares more than the worker stores. */
    public static DownloadException tooLarge(long declared, long limit) {
        return new DownloadException(FailureType.TOO_LARGE, "the source declares " + declared
                + " bytes; this worker stores at most " + limit + " per file");
    }

    public FailureType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }
}
