package dev.cloudget.seeds.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A bencoded dictionary: byte-string keys in raw byte order, each once. */
public final class BDictionary extends Bencode {

    private final Map<BString, Bencode> entries;

    BDictionary(Map<BString, Bencode> entries, int start, int end) {
        super(start, end);
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** A dictionary built in code; its keys are put in raw byte order, as they will be encoded. */
    public static BDictionary of(Map<BString, ? extends Bencode> entries) {
        return new BDictionary(new TreeMap<>(entries), -1, -1);
    }

    /** The entries in key order. */
    public Map<BString, Bencode> entries() {
        return entries;
    }

    /** The value under a key given as text (keys of the torrent format are ASCII). */
    public Optional<Bencode> get(String key) {
        return Optional.ofNullable(entries.get(new BString(key.getBytes(StandardCharsets.UTF_8), -1, -1)));
    }

    public boolean has(String key) {
        return get(key).isPresent();
    }

    @Override
    public String kind() {
        return "dictionary";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BDictionary that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
