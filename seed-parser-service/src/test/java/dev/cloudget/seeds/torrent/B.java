package dev.cloudget.seeds.torrent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A tiny bencode writer for tests, independent of the production one: it writes exactly what it is given, keys in
 * the order given, so that tests can also write what a strict parser must refuse (unsorted or doubled keys).
 */
public final class B {

    private B() {
    }

    public static byte[] s(String text) {
        return s(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] s(byte[] bytes) {
        return cat((bytes.length + ":").getBytes(StandardCharsets.US_ASCII), bytes);
    }

    public static byte[] i(long value) {
        return raw("i" + value + "e");
    }

    public static byte[] raw(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] l(byte[]... items) {
        return cat(raw("l"), cat(items), raw("e"));
    }

    /** A dictionary of alternating keys (String or byte[]) and encoded values, written in the order given. */
    public static byte[] d(Object... keysAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('d');
        for (int at = 0; at < keysAndValues.length; at += 2) {
            Object key = keysAndValues[at];
            out.writeBytes(key instanceof String text ? s(text) : s((byte[]) key));
            out.writeBytes((byte[]) keysAndValues[at + 1]);
        }
        out.write('e');
        return out.toByteArray();
    }

    public static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
