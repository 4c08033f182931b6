package dev.cloudget.worker.digest;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.source.Ed2kHash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32;

/**
 * The hashes every ingested file gets, in one pass over its bytes: SHA-256 (its identity in storage), the eD2k hash
 * (so an ed2k link for the same bytes is answered from storage) and the CRC-32 (what a ZIP names each file by).
 *
 * <p>Hashing costs about as much CPU as moving the bytes (MD4 alone ~2 s per GiB here), so it does not run on the
 * thread that moves them: {@link #update} copies the bytes into one of a few slots and returns, and the slots are
 * hashed in order on a small shared pool, one chain per file, while the stream goes on. Memory per file is bounded
 * by the slots ({@value #SLOTS} × {@value #SLOT_SIZE} bytes); when hashing falls that far behind, {@link #update}
 * waits for it. A file abandoned half-way costs nothing more: its queued slots are hashed and dropped.
 */
public final class ContentDigests {

    static final int SLOT_SIZE = 256 * 1024;
    static final int SLOTS = 8;
    private static final ExecutorService HASHERS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().daemon().name("content-digest-", 0).factory());

    private final MessageDigest sha256;
    private final Ed2kDigest ed2k = new Ed2kDigest();
    private final CRC32 crc32 = new CRC32();
    private final Semaphore freeSlots = new Semaphore(SLOTS);
    private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private CompletableFuture<Void> hashed = CompletableFuture.completedFuture(null);
    private byte[] slot;
    private int filled;
    private long size;

    public ContentDigests() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Takes the next bytes of the file; they may be reused as soon as this returns. Not thread-safe. */
    public void update(byte[] bytes, int offset, int length) {
        size += length;
        while (length > 0) {
            if (slot == null) {
                freeSlots.acquireUninterruptibly();
                byte[] recycled = spare.poll();
                slot = recycled == null ? new byte[SLOT_SIZE] : recycled;
                filled = 0;
            }
            int take = Math.min(length, SLOT_SIZE - filled);
            System.arraycopy(bytes, offset, slot, filled, take);
            filled += take;
            offset += take;
            length -= take;
            if (filled == SLOT_SIZE) {
                hashSlot();
            }
        }
    }

    /** The hashes of everything passed, once hashing has caught up; call once. */
    public Digested digest() {
        if (slot != null && filled > 0) {
            hashSlot();
        }
        hashed.join();
        return new Digested(size, ContentHash.ofDigest(sha256.digest()), ed2k.digest(), crc32.getValue());
    }

    private void hashSlot() {
        byte[] full = slot;
        int length = filled;
        slot = null;
        // each stage runs after the previous one (the chain keeps the order, and makes its writes visible)
        hashed = hashed.thenRunAsync(() -> {
            sha256.update(full, 0, length);
            ed2k.update(full, 0, length);
            crc32.update(full, 0, length);
            spare.offer(full);
            freeSlots.release();
        }, HASHERS);
    }

    /** A file's size and hashes. */
    public record Digested(long size, ContentHash sha256, Ed2kHash ed2k, long crc32) {
    }
}
