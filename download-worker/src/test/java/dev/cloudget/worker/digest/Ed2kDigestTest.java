package dev.cloudget.worker.digest;

import org.bouncycastle.crypto.digests.MD4Digest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Ed2kDigestTest {

    @Test
    void aFileOfOneChunkOrLessHashesToItsMd4() {
        // RFC 1320's test vectors: MD4("") and MD4("abc")
        assertThat(hash(new byte[0])).isEqualTo("31d6cfe0d16ae931b73c59d7e0c089c0");
        assertThat(hash("abc".getBytes())).isEqualTo("a448017aaf21d8525fc10ae87aa6729d");
    }

    @Test
    void aLargerFileHashesToTheMd4OfItsChunkHashes() {
        byte[] data = random(Ed2kDigest.CHUNK + 12_345);
        byte[] first = md4(Arrays.copyOfRange(data, 0, Ed2kDigest.CHUNK));
        byte[] second = md4(Arrays.copyOfRange(data, Ed2kDigest.CHUNK, data.length));

        assertThat(hash(data)).isEqualTo(HexFormat.of().formatHex(md4(concat(first, second))));
    }

    @Test
    void aFileOfExactlyOneChunkGetsTheHashOfAnEmptyChunkAppended() {
        byte[] data = random(Ed2kDigest.CHUNK);

        assertThat(hash(data)).isEqualTo(HexFormat.of().formatHex(md4(concat(md4(data), md4(new byte[0])))));
    }

    @Test
    void theHashDoesNotDependOnHowTheBytesArriveInBuffers() {
        byte[] data = random(2 * Ed2kDigest.CHUNK + 7);
        Ed2kDigest uneven = new Ed2kDigest();
        Random sizes = new Random(7);
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, 1 + sizes.nextInt(3_000_000));
            uneven.update(data, at, n);
            at += n;
        }

        assertThat(uneven.digest().hex()).isEqualTo(hash(data));
    }

    private static String hash(byte[] data) {
        Ed2kDigest digest = new Ed2kDigest();
        digest.update(data, 0, data.length);
        return digest.digest().hex();
    }

    private static byte[] md4(byte[] data) {
        MD4Digest md4 = new MD4Digest();
        md4.update(data, 0, data.length);
        byte[] out = new byte[16];
        md4.doFinal(out, 0);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return data;
    }
}
