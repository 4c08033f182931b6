package dev.cloudget.worker.digest;

import dev.cloudget.contracts.source.Ed2kHash;
import org.bouncycastle.crypto.digests.MD4Digest;

import java.io.ByteArrayOutputStream;

/**
 * The eD2k hash of a stream, computed as it passes: MD4 over each 9,728,000-byte chunk; for a file of one
 * chunk or less that MD4 is the hash, otherwise it is the MD4 of the chunk hashes in order. A file whose size
 * is an exact multiple of the chunk size gets the hash of an empty last chunk appended, as eMule 0.50 and
 * later (and every ed2k link they publish) do. MD4 comes from Bouncy Castle: the JDK does not offer it.
 */
public final class Ed2kDigest {

    public static final int CHUNK = 9_728_000;
    private static final int MD4_LENGTH = 16;

    private final MD4Digest chunk = new MD4Digest();
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
            return Ed2kHash.ofDigest(finish(chunk));
        }
        // a partial last chunk, or the empty chunk that follows a size that is an exact multiple
        closeChunk();
        MD4Digest root = new MD4Digest();
        byte[] hashes = chunkHashes.toByteArray();
        root.update(hashes, 0, hashes.length);
        return Ed2kHash.ofDigest(finish(root));
    }

    private void closeChunk() {
        chunkHashes.writeBytes(finish(chunk));
        chunks++;
        inChunk = 0;
    }

    private static byte[] finish(MD4Digest digest) {
        byte[] out = new byte[MD4_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }
}
