package dev.cloudget.contracts.source;

import dev.cloudget.contracts.worker.StoredFile;

import java.util.List;

/**
 * What cloudget already stores for a link whose freshness ran out, handed to the worker with the link: the
 * validators the origin gave when it was fetched and the files it became. The worker asks the origin
 * conditionally ({@code If-None-Match}, {@code If-Modified-Since}); when the origin answers {@code 304}, or a
 * {@code 200} with the same validators, these files are the job's result and no body byte is read.
 *
 * @param etag         the origin's {@code ETag} then, or null
 * @param lastModified the origin's {@code Last-Modified} then (as sent), or null
 * @param size         the stored file's size
 */
public record StoredCopy(String etag, String lastModified, long size, List<StoredFile> files) {

    public StoredCopy {
        files = List.copyOf(files);
    }

    /** Whether the origin can be asked conditionally at all. */
    public boolean hasValidators() {
        return etag != null || lastModified != null;
    }
}
