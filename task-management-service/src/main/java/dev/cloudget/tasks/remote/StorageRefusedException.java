package dev.cloudget.tasks.remote;

/**
 * Storage-service answered, and refused the request with a status no retry changes (any 4xx or 5xx but
 * 502, 503 and 504, which say it is down or overloaded). Nothing suggests it refuses other requests:
 * the one task that asked fails, and the others go on.
 */
public class StorageRefusedException extends RuntimeException {

    private final int status;

    public StorageRefusedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status storage-service answered with. */
    public int status() {
        return status;
    }
}
