package dev.cloudget.worker.digest;

import org.bouncycastle.crypto.digests.MD4Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Md4Test {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|31d6cfe0d16ae931b73c59d7e0c089c0",
            "a|bde52cb31de33e46245e05fbdbd6fb24",
            "abc|a448017aaf21d8525fc10ae87aa6729d",
            "message digest|d9130a8164549fe818874806e1c7014b",
            "abcdefghijklmnopqrstuvwxyz|d79e1c308aa5bbcdeea8ed63df412da9",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789|043f8582f241db351ce627e153e7f0e4",
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890"
                    + "|e33b4ddc9c38f2199c3e7b164fcc0536"})
    void rfc1320TestSuite(String message, String expected) {
        Md4 md4 = new Md4();
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        md4.update(bytes, 0, bytes.length);

        assertThat(HexFormat.of().formatHex(md4.digest())).isEqualTo(expected);
    }

    /** Lengths around the block (64) and padding (56) boundaries, fed in pieces of random sizes. */
    @ParameterizedTest
    @ValueSource(ints = {1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 65_537, 1_000_003})
    void agreesWithBouncyCastleHowEverTheBytesArrive(int length) {
        Random random = new Random(length);
        byte[] data = new byte[length];
        random.nextBytes(data);
        Md4 md4 = new Md4();
        for (int at = 0; at < length; ) {
            int n = Math.min(length - at, random.nextInt(150));
            md4.update(data, at, n);
            at += n;
        }
        MD4Digest reference = new MD4Digest();
        reference.update(data, 0, length);
        byte[] expected = new byte[Md4.LENGTH];
        reference.doFinal(expected, 0);

        assertThat(md4.digest()).isEqualTo(expected);
    }
}
