package dev.cloudget.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The tests' own eD2k hash against values computed independently (OpenSSL's legacy MD4, chunk by chunk). */
class Ed2kHashTest {

    @Test
    void hashesLessThanOneChunkAsTheMd4OfTheBytes() {
        assertThat(Ed2kHash.of(new byte[0])).isEqualTo("31d6cfe0d16ae931b73c59d7e0c089c0");
        assertThat(Ed2kHash.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("a448017aaf21d8525fc10ae87aa6729d");
        assertThat(Ed2kHash.of(pattern(1000))).isEqualTo("a1449ce09255ece450ace1589258503a");
    }

    @Test
    void hashesMoreThanOneChunkAsTheMd4OfTheChunkDigests() {
        assertThat(Ed2kHash.of(pattern(12_000_000))).isEqualTo("5d0b6e23f226d6415550c9e401b10705");
    }

    @Test
    void spellsALinkWithAndWithoutAnHttpSource() {
        assertThat(Ed2kHash.link("a b.bin", 3, "abcdef0123456789abcdef0123456789", null))
                .isEqualTo("ed2k://|file|a b.bin|3|ABCDEF0123456789ABCDEF0123456789|/");
        assertThat(Ed2kHash.link("a.bin", 3, "abcdef0123456789abcdef0123456789", "http://127.0.0.1:1/a.bin"))
                .isEqualTo("ed2k://|file|a.bin|3|ABCDEF0123456789ABCDEF0123456789|s=http://127.0.0.1:1/a.bin|/");
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }
}
