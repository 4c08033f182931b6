package dev.cloudget.system.swarm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough bencode for the fixture to know its own torrents and read tracker answers: decodes integers
 * ({@link Long}), strings ({@code byte[]}), lists and dictionaries (keys as ISO-8859-1 strings), and remembers
 * where the top-level {@code info} dictionary's bytes are, because the info-hash is the SHA-1 of exactly those.
 * Independent of the seed parser on purpose: a test's expected values must not come from the code under test.
 */
final class Bencode {

    /** A decoded value and, for a torrent, the span {@code [infoStart, infoEnd)} of its info dictionary. */
    record Decoded(Object value, int infoStart, int infoEnd) {
    }

    private final byte[] bytes;
    private int position;
    private int infoStart = -1;
    private int infoEnd = -1;

    private Bencode(byte[] bytes) {
        this.bytes = bytes;
    }

    static Decoded decode(byte[] bytes) {
        Bencode parser = new Bencode(bytes);
        Object value = parser.value(0);
        if (parser.position != bytes.length) {
            throw new IllegalArgumentException("trailing bytes after bencoded value at " + parser.position);
        }
        return new Decoded(value, parser.infoStart, parser.infoEnd);
    }

    private Object value(int depth) {
        if (position >= bytes.length) {
            throw new IllegalArgumentException("bencode ends early");
        }
        byte tag = bytes[position];
        return switch (tag) {
            case 'i' -> integer();
            case 'l' -> list(depth);
            case 'd' -> dictionary(depth);
            default -> {
                if (tag >= '0' && tag <= '9') {
                    yield string();
                }
                throw new IllegalArgumentException("not bencode at " + position + ": " + (char) tag);
            }
        };
    }

    private Long integer() {
        int end = indexOf('e', ++position);
        long value = Long.parseLong(new String(bytes, position, end - position, StandardCharsets.US_ASCII));
        position = end + 1;
        return value;
    }

    private byte[] string() {
        int colon = indexOf(':', position);
        int length = Integer.parseInt(new String(bytes, position, colon - position, StandardCharsets.US_ASCII));
        position = colon + 1;
        if (length < 0 || position + length > bytes.length) {
            throw new IllegalArgumentException("bencode string overruns the input at " + colon);
        }
        byte[] value = java.util.Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    private List<Object> list(int depth) {
        position++;
        List<Object> values = new ArrayList<>();
        while (peek() != 'e') {
            values.add(value(depth + 1));
        }
        position++;
        return values;
    }

    private Map<String, Object> dictionary(int depth) {
        position++;
        Map<String, Object> entries = new LinkedHashMap<>();
        while (peek() != 'e') {
            String key = new String(string(), StandardCharsets.ISO_8859_1);
            int valueStart = position;
            entries.put(key, value(depth + 1));
            if (depth == 0 && key.equals("info")) {
                infoStart = valueStart;
                infoEnd = position;
            }
        }
        position++;
        return entries;
    }

    private byte peek() {
        if (position >= bytes.length) {
            throw new IllegalArgumentException("bencode ends early");
        }
        return bytes[position];
    }

    private int indexOf(char c, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("bencode: no '" + c + "' after " + from);
    }
}
