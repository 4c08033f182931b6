package dev.cloudget.worker.digest;

import dev.cloudget.contracts.source.Ed2kHash;

import java.io.ByteArrayOutputStream;

/**
 * The eD2k hash of a stream, computed as it passes: MD4 over each 9,728,000-byte chunk; for a file of one
 * chunk or less that MD4 is the hash, otherwise it is the MD4 of the chunk hashes in order. A file whose size
 * is an exact multiple of the chunk size gets the hash of an empty last chunk appended, as eMule 0.50 and
 * later (and every ed2k link they publish) do. MD4 is {@link Md4}.
 */
public final class Ed2kDigest {

    public static final int CHUNK = 9_728_000;
        private Md4 chunk = new Md4();
    private final ByteArrayOutputStream chunkHashes = new ByteArrayOutputStream();
    private long inChunk;
    private int chunks;

    public void update(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int take = (int) Math.min(length, CHUNK - inChunk);
            chunk.update(bytes, offset, take);
            inChunk += take;
            offset += take;
            length -= take;
            if (inChunk == CHUNK) {
                closeChunk();
            }
        }
    }

    /** The hash of everything passed so far; the digest cannot be updated afterwards. */
    public Ed2kHash digest() {
        if (chunks == 0) {
            return Ed2kHash.ofDigest(chunk.digest());
        }
        // a partial last chunk, or the empty chunk that follows a size that is an exact multiple
        closeChunk();
        Md4 root = new Md4();
        byte[] hashes = chunkHashes.toByteArray();
        root.update(hashes, 0, hashes.length);
        return Ed2kHash.ofDigest(root.digest());
    }

    private void closeChunk() {
        chunkHashes.writeBytes(chunk.digest());
        chunk = new Md4();
        chunks++;
        inChunk = 0;
    }
}
