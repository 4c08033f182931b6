package dev.cloudget.links.classify;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Links as users paste them, built here from their parts (with {@link Base64}, not the reader under test) so a
 * test knows what it feeds in.
 */
final class LinkMother {

    static final String ED2K_HASH = "31D6CFE0D16AE931B73C59D7E0C089C0";
    static final String BTIH_HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    /** Base32 of the 20 bytes 0x00..0x13. */
    static final String BTIH_BASE32 = "AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT";
    static final String BTIH_BASE32_AS_HEX = "000102030405060708090a0b0c0d0e0f10111213";

    private LinkMother() {
    }

    static String thunder(String link) {
        return thunder(link, StandardCharsets.UTF_8);
    }

    static String thunder(String link, Charset charset) {
        return "thunder://" + Base64.getEncoder().encodeToString(("AA" + link + "ZZ").getBytes(charset));
    }

    /** As some sites write it: URL-safe alphabet, padding dropped. */
    static String thunderUrlSafe(String link) {
        return "thunder://" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("AA" + link + "ZZ").getBytes(StandardCharsets.UTF_8));
    }

    static String flashget(String link) {
        return "flashget://" + base64("[FLASHGET]" + link + "[FLASHGET]");
    }

    static String qqdl(String link) {
        return "qqdl://" + base64(link);
    }

    /** A wrapper scheme around base64 of exactly {@code text}, markers or not. */
    static String wrapping(String scheme, String text) {
        return wrapping(scheme, text.getBytes(StandardCharsets.UTF_8));
    }

    static String wrapping(String scheme, byte[] bytes) {
        return scheme + "://" + Base64.getEncoder().encodeToString(bytes);
    }

    /** {@code ed2k://|file|name|size|hash|part|…|/}. */
    static String ed2k(String name, long size, String hash, String... parts) {
        StringBuilder link = new StringBuilder("ed2k://|file|").append(name).append('|').append(size)
                .append('|').append(hash).append('|');
        for (String part : parts) {
            link.append(part).append('|');
        }
        return link.append('/').toString();
    }

    static String ed2k(String name) {
        return ed2k(name, 1024, ED2K_HASH);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
