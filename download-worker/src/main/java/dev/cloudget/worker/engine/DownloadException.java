package dev.cloudget.worker.engine;

import dev.cloudget.contracts.FailureType;

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

    public FailureType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }
}
