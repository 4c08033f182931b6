package dev.cloudget.worker.digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes a stream through {@link ContentDigests}; it cannot skip, since skipped bytes would miss the hashes. */
public class DigestingInputStream extends FilterInputStream {

    private final ContentDigests digests;

    public DigestingInputStream(InputStream in, ContentDigests digests) {
        super(in);
        this.digests = digests;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            digests.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a digested stream cannot skip");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
