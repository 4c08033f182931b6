package dev.cloudget.worker.torrent.bt;

import bt.data.StorageUnit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;

/**
 * One file of a torrent read from scratch disk while the torrent downloads: each read returns verified bytes
 * only, and waits for the next piece when it has caught up with the swarm.
 */
final class ArrivingFile extends InputStream {

    private final StorageUnit unit;
    private final long start;
    private final long size;
    private final VerifiedPieces pieces;
    private long at;
    private long verifiedEnd;

    /** @param start the file's first byte in the torrent's byte space (the sizes of the files before it) */
    ArrivingFile(StorageUnit unit, long start, long size, VerifiedPieces pieces) {
        this.unit = unit;
        this.start = start;
        this.size = size;
        this.pieces = pieces;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (at >= size) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        if (at >= verifiedEnd) {
            try {
                verifiedEnd = Math.min(pieces.awaitVerifiedFrom(start + at) - start, size);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for pieces");
            }
        }
        int want = (int) Math.min(length, verifiedEnd - at);
        try {
            unit.readBlockFully(ByteBuffer.wrap(buffer, offset, want), at);
        } catch (RuntimeException e) {
            throw new IOException("could not read the downloaded file at " + at + ": " + e.getMessage(), e);
        }
        at += want;
        return want;
    }

    @Override
    public void close() throws IOException {
        unit.close();
    }
}
