package dev.cloudget.worker.engine;

import java.io.IOException;
import java.io.InputStream;

/**
 * A download carried on from a checkpoint: the file's first {@code offset} bytes, of {@code length}, are already
 * stored and read back from {@code prefix}; the rest is asked of the origin with {@code Range} and {@code If-Range:
 * validator}. When the origin answers with the whole file instead (it changed, or stopped serving ranges), the prefix
 * is left unread and the download starts over: never a mixed file.
 */
public final class Resume implements AutoCloseable {

    private final long offset;
    private final long length;
    private final String validator;
    private final InputStream prefix;
    private volatile boolean taken;

    public Resume(long offset, long length, String validator, InputStream prefix) {
        if (offset <= 0 || offset >= length || validator == null) {
            throw new IllegalArgumentException("no resume from byte " + offset + " of " + length
                    + " with validator " + validator);
        }
        this.offset = offset;
        this.length = length;
        this.validator = validator;
        this.prefix = prefix;
    }

    public long offset() {
        return offset;
    }

    public long length() {
        return length;
    }

    public String validator() {
        return validator;
    }

    /** The stored first {@link #offset} bytes, read back. */
    public InputStream prefix() {
        return prefix;
    }

    /** The origin served the rest under the validator: the download carries on from {@link #offset}. */
    public void taken() {
        taken = true;
    }

    /** Whether the download carried on from the checkpoint rather than starting over. */
    public boolean wasTaken() {
        return taken;
    }

    @Override
    public void close() throws IOException {
        prefix.close();
    }
}
