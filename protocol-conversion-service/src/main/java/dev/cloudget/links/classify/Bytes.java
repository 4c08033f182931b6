package dev.cloudget.links.classify;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Byte-level decoding the link readers share: percent-escapes, and text in a charset without guessing. */
final class Bytes {

    private Bytes() {
    }

    /**
     * Decodes {@code %XX} escapes; other characters stand for their UTF-8 bytes. Unlike
     * {@link java.net.URLDecoder}, {@code +} stays {@code +}: these links are not form data.
     *
     * @throws IllegalArgumentException on a {@code %} not followed by two hex digits
     */
    static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                int high = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (low < 0) {
                    throw new IllegalArgumentException("malformed %-escape");
                }
                out.write(high * 16 + low);
                i += 3;
            } else {
                int codePoint = s.codePointAt(i);
                out.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return out.toByteArray();
    }

    /** The text, or empty when the bytes are not valid in {@code charset} (never replacement characters). */
    static Optional<String> decode(byte[] bytes, Charset charset) {
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
