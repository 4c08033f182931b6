package dev.cloudget.worker.engine;

import dev.cloudget.worker.digest.ContentDigests;
import dev.cloudget.worker.digest.DigestingInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * The origin's body on its way to the sink: hashed (SHA-256 and eD2k) and counted as it passes, never buffered.
 * Remembers the first read failure, so the engine can tell an origin failure from a storage failure
 * even when the sink wraps or swallows the exception. Times its reads on the transfer's {@link OriginClock}.
 */
final class OriginStream extends DigestingInputStream {

    private final ContentDigests digests;
    private final ProgressListener progress;
    private final long total;
    private final OriginClock clock;
    private long done;
    private IOException readFailure;

    private OriginStream(InputStream in, ContentDigests digests, ProgressListener progress, long total,
            OriginClock clock) {
        super(in, digests);
        this.digests = digests;
        this.progress = progress;
        this.total = total;
        this.clock = clock;
    }

    static OriginStream of(InputStream in, ProgressListener progress, long total, OriginClock clock) {
        return new OriginStream(in, new ContentDigests(), progress, total, clock);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        clock.blocked(System.nanoTime());
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            if (readFailure == null) {
                readFailure = e;
            }
            throw e;
        } finally {
            clock.unblocked(System.nanoTime());
        }
        if (n > 0) {
            done += n;
            progress.bytesRead(n, done, total);
        }
        return n;
    }

    long bytesRead() {
        return done;
    }

    ContentDigests.Digested digest() {
        return digests.digest();
    }

    IOException readFailure() {
        return readFailure;
    }
}
