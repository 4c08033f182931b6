package dev.cloudget.worker.engine;

import java.io.InputStream;

/**
 * Where an engine streams a body: must read {@code body} to its end (or fail). Any exception it throws
 * that is not caused by reading the origin counts as a storage failure.
 */
@FunctionalInterface
public interface BodySink {

    /** @param contentLength the announced length, or -1 when the origin did not say */
    void store(InputStream body, long contentLength) throws Exception;

    /**
     * Told before {@link #store} when the origin serves ranges of the body, {@code length} bytes long, and holds them to
     * {@code validator} (a strong ETag or a Last-Modified, as {@code If-Range} takes it): what of it is stored can be
     * carried on from later ({@link Resume}). Returns how the sink checkpoints the body, which bounds how far ahead of
     * its checkpoints the engine fetches.
     */
    default Checkpoints resumable(String validator, long length) {
        return Checkpoints.none();
    }
}
