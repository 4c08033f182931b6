package dev.cloudget.system;

import org.bouncycastle.crypto.digests.MD4Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The eD2k hash of bytes the test wrote itself: MD4 of each 9,728,000-byte chunk; with one chunk that digest is the
 * hash, with more the hash is the MD4 of the chunk digests in order. (A size that is an exact multiple of the
 * chunk size is hashed differently by different clients; the tests avoid such sizes.)
 */
final class Ed2kHash {

    static final int CHUNK = 9_728_000;

    private Ed2kHash() {
    }

    static String of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String of(byte[] bytes) {
        try {
            return of(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String of(InputStream in) throws IOException {
        MD4Digest chunk = new MD4Digest();
        MD4Digest ofChunks = new MD4Digest();
        byte[] buffer = new byte[1 << 16];
        byte[] chunkDigest = new byte[chunk.getDigestSize()];
        int chunks = 0;
        long inChunk = 0;
        for (int n; (n = in.read(buffer, 0, (int) Math.min(buffer.length, CHUNK - inChunk))) > 0; ) {
            chunk.update(buffer, 0, n);
            inChunk += n;
            if (inChunk == CHUNK) {
                chunk.doFinal(chunkDigest, 0);
                ofChunks.update(chunkDigest, 0, chunkDigest.length);
                chunks++;
                inChunk = 0;
            }
        }
        if (inChunk > 0 || chunks == 0) {
            chunk.doFinal(chunkDigest, 0);
            ofChunks.update(chunkDigest, 0, chunkDigest.length);
            chunks++;
        }
        if (chunks == 1) {
            return HexFormat.of().formatHex(chunkDigest);
        }
        byte[] hash = new byte[ofChunks.getDigestSize()];
        ofChunks.doFinal(hash, 0);
        return HexFormat.of().formatHex(hash);
    }

    /** {@code ed2k://|file|name|size|HASH|/}, with an HTTP source ({@code s=}) when {@code httpSource} is not null. */
    static String link(String name, long size, String hash, String httpSource) {
        return "ed2k://|file|" + name + "|" + size + "|" + hash.toUpperCase(java.util.Locale.ROOT) + "|"
                + (httpSource == null ? "" : "s=" + httpSource + "|") + "/";
    }
}
