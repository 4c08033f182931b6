package dev.cloudget.worker.torrent.bt;

import java.io.IOException;
import java.util.BitSet;

/**
 * Which pieces of a torrent have arrived and passed their SHA-1 check, so that files can be read while the rest
 * of the torrent still downloads. A reader waits for the bytes it needs; a failed download wakes it with the cause.
 */
final class VerifiedPieces {

    private final long pieceLength;
    private final long totalSize;
    private final BitSet verified = new BitSet();
    private Exception failure;
    private boolean all;

    VerifiedPieces(long pieceLength, long totalSize) {
        this.pieceLength = pieceLength;
        this.totalSize = totalSize;
    }

    synchronized void verified(int piece) {
        verified.set(piece);
        notifyAll();
    }

    /**
     * Every piece the download wanted is in. bt delivers its piece events on a thread of its own, and the last of
     * them may never arrive once its runtime is shut down: the readers must not wait for those.
     */
    synchronized void allVerified() {
        all = true;
        notifyAll();
    }

    synchronized void failed(Exception cause) {
        failure = cause;
        notifyAll();
    }

    /**
     * The end (exclusive, in the torrent's byte space) of the verified bytes that start at {@code offset}, once
     * there is at least one; waits for it.
     */
    synchronized long awaitVerifiedFrom(long offset) throws IOException, InterruptedException {
        while (true) {
            if (failure != null) {
                throw new IOException("the download stopped: " + failure.getMessage(), failure);
            }
            if (all) {
                return totalSize;
            }
            int piece = (int) (offset / pieceLength);
            int end = verified.nextClearBit(piece);
            long endOffset = Math.min((long) end * pieceLength, totalSize);
            if (endOffset > offset) {
                return endOffset;
            }
            wait();
        }
    }
}
