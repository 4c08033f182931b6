package dev.cloudget.seeds.bencode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** A bencoded byte string: raw bytes, which are text only when they happen to be valid UTF-8. */
public final class BString extends Bencode implements Comparable<BString> {

    private final byte[] bytes;

    BString(byte[] bytes, int start, int end) {
        super(start, end);
        this.bytes = bytes;
    }

    public static BString of(byte[] bytes) {
        return new BString(bytes.clone(), -1, -1);
    }

    public static BString of(String text) {
        return new BString(text.getBytes(StandardCharsets.UTF_8), -1, -1);
    }

    /** A copy of the raw bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    /**
     * The bytes as text when they are well-formed UTF-8 (no overlong forms, no encoded surrogates, no truncated
     * sequences); empty otherwise. Never substitutes U+FFFD: a name that is not UTF-8 must be refused, not guessed.
     */
    public Optional<String> utf8() {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }

    /** For messages: the text when it is printable UTF-8, hex otherwise. */
    public String display() {
        return utf8().filter(text -> text.chars().noneMatch(c -> c < 0x20 || c == 0x7f))
                .orElseGet(() -> "0x" + HexFormat.of().formatHex(bytes));
    }

    /** Raw byte order (unsigned), the order BEP 3 requires of dictionary keys. */
    @Override
    public int compareTo(BString other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String kind() {
        return "byte string";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BString that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return display();
    }
}
