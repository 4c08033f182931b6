package dev.cloudget.worker.jobs;

/**
 * storage-service refused to register a file because the lease it was fetched under is no longer the job's current
 * one (409 {@code lease-lost}): the job went to another worker, and this one stops it without a word.
 */
final class LeaseLostException extends RuntimeException {

    LeaseLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
