package dev.cloudget.worker.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A file's body of known length that survives a dropped connection: when a read fails, or the body ends short of the
 * length, the rest is asked for again from where it broke off (an HTTP range, an FTP {@code REST}), with backoff, a
 * few times in a row before the failure stands. The source holds each new answer to the file it started with (its
 * validator), so a resumed body is never another file's.
 */
final class ResumingStream extends BlockInputStream {

    /** Opens the file's bytes from {@code position} to its end. */
    interface Reopen {
        InputStream from(long position) throws IOException, DownloadException;
    }

    private static final int RETRIES = 3;
    private static final long BACKOFF_MILLIS = 200;

    private final long length;
    private final Reopen reopen;
    private InputStream in;
    private long position;
    private int failures;

    /** {@code first} is the file's body from byte {@code from} on. */
    ResumingStream(InputStream first, long from, long length, Reopen reopen) {
        this.in = first;
        this.position = from;
        this.length = length;
        this.reopen = reopen;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        while (true) {
            try {
                int n = in.read(buffer, offset, count);
                if (n < 0 && position < length) {
                    throw new EOFException("the origin ended the body at byte " + position + " of " + length);
                }
                if (n > 0) {
                    position += n;
                    failures = 0;
                }
                return n;
            } catch (IOException e) {
                if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()
                        || ++failures > RETRIES) {
                    throw e;
                }
                resume(e);
            }
        }
    }

    private void resume(IOException cause) throws IOException {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the broken connection is given up either way
        }
        try {
            TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS << (failures - 1));
            in = reopen.from(position);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted resuming at byte " + position);
        } catch (DownloadException e) {
            // the origin said something definite (changed, refused): that, not the network, is why
            IOException failure = new IOException(e.getMessage(), e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
