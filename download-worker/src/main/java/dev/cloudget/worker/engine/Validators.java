package dev.cloudget.worker.engine;

import dev.cloudget.contracts.source.StoredCopy;
import okhttp3.Response;

/**
 * Whether a full response ({@code 200}) is the stored copy again, for origins that ignore conditional requests
 * (RFC 9110 section 8.8.3): the same strong {@code ETag}; or, when neither response has one, the same
 * {@code Last-Modified} and length. A weak or missing ETag where the copy had one proves nothing.
 */
final class Validators {

    private Validators() {
    }

    static boolean confirm(StoredCopy copy, Response response) {
        String etag = response.header("ETag");
        if (copy.etag() != null) {
            return etag != null && !etag.startsWith("W/") && !copy.etag().startsWith("W/") && etag.equals(copy.etag());
        }
        if (etag != null || copy.lastModified() == null) {
            return false;
        }
        long length = response.body() == null ? -1 : response.body().contentLength();
        return copy.lastModified().equals(response.header("Last-Modified")) && length >= 0 && length == copy.size();
    }
}
