package dev.cloudget.seeds.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes bencode: whole values ({@link #encode}) in canonical form, or a document assembled piece by piece where
 * a part must be spliced in byte for byte ({@link #raw}), as the {@code info} dictionary a peer sent must be.
 * Piecewise writing leaves key order to the caller.
 */
public final class BencodeWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** The canonical encoding of {@code value}: dictionary keys in raw byte order. */
    public static byte[] encode(Bencode value) {
        return new BencodeWriter().value(value).toBytes();
    }

    public BencodeWriter value(Bencode value) {
        switch (value) {
            case BString string -> string(string);
            case BInteger integer -> integer(integer.value());
            case BList list -> {
                startList();
                list.items().forEach(this::value);
                end();
            }
            case BDictionary dictionary -> {
                startDictionary();
                // a dictionary built in code or parsed is already in key order; sort anyway, encoding must be canonical
                new java.util.TreeMap<>(dictionary.entries()).forEach((key, item) -> {
                    string(key);
                    value(item);
                });
                end();
            }
        }
        return this;
    }

    public BencodeWriter string(BString string) {
        return string(string.bytes());
    }

    public BencodeWriter string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    public BencodeWriter string(byte[] bytes) {
        out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        return this;
    }

    public BencodeWriter integer(long value) {
        out.writeBytes(("i" + value + "e").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    public BencodeWriter startList() {
        out.write('l');
        return this;
    }

    public BencodeWriter startDictionary() {
        out.write('d');
        return this;
    }

    public BencodeWriter end() {
        out.write('e');
        return this;
    }

    /** Bytes that are already bencode, written as they are. */
    public BencodeWriter raw(byte[] bencoded) {
        out.writeBytes(bencoded);
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }
}
