package dev.cloudget.seeds.bencode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict bencode (BEP 3) parser for untrusted input. Hand-written because no Java bencode library enforces
 * what an upload endpoint needs: limits on input size, nesting depth, value count and string length checked before
 * allocating; canonical integers only (no leading zeros, no {@code -0}, within a {@code long}); canonical string
 * lengths; dictionary keys that are byte strings, strictly ascending in raw byte order and so unique; no trailing
 * bytes. Canonical form matters beyond hygiene: two encodings of one dictionary would give one torrent two
 * info-hashes. Every value keeps its byte span, so the info-hash is taken over the {@code info} bytes as received.
 *
 * <p>Any refusal is a {@link BencodeException}; no other exception escapes for any input. Recursion is bounded by
 * {@link BencodeLimits#maxDepth()}, so hostile nesting cannot overflow the stack. Thread-safe.
 */
public final class BencodeParser {

    private final BencodeLimits limits;

    public BencodeParser(BencodeLimits limits) {
        this.limits = limits;
    }

    /** Parses {@code input}, which must hold exactly one bencoded value. */
    public Bencode parse(byte[] input) {
        if (input.length > limits.maxInputBytes()) {
            throw new BencodeException(BencodeException.TOO_LARGE, Path.ROOT.toString(), limits.maxInputBytes(),
                    "input of " + input.length + " bytes is over the limit of " + limits.maxInputBytes() + " bytes");
        }
        Reader reader = new Reader(input);
        Bencode root = reader.value(Path.ROOT, 1);
        if (reader.position != input.length) {
            throw reader.malformed(Path.ROOT, reader.position,
                    (input.length - reader.position) + " trailing bytes after the top-level value");
        }
        return root;
    }

    /** One pass over one input. */
    private final class Reader {

        private final byte[] input;
        private int position;
        private int items;

        Reader(byte[] input) {
            this.input = input;
        }

        Bencode value(Path path, int depth) {
            if (position >= input.length) {
                throw truncated(path, "a value");
            }
            if (++items > limits.maxItems()) {
                throw malformed(path, position, "more than " + limits.maxItems() + " values");
            }
            byte first = input[position];
            if (first == 'i') {
                return integer(path);
            }
            if (first == 'l' || first == 'd') {
                if (depth > limits.maxDepth()) {
                    throw malformed(path, position, "lists and dictionaries nested deeper than " + limits.maxDepth());
                }
                return first == 'l' ? list(path, depth) : dictionary(path, depth);
            }
            if (isDigit(first)) {
                return string(path);
            }
            throw malformed(path, position, "unexpected byte 0x%02x where a value starts".formatted(first & 0xff));
        }

        private BInteger integer(Path path) {
            int start = position++;
            boolean negative = position < input.length && input[position] == '-';
            if (negative) {
                position++;
            }
            int digits = position;
            // accumulated as a negative number so that Long.MIN_VALUE fits
            long value = 0;
            while (position < input.length && isDigit(input[position])) {
                try {
                    value = Math.subtractExact(Math.multiplyExact(value, 10), input[position] - '0');
                } catch (ArithmeticException overflow) {
                    throw malformed(path, start, "integer does not fit in 64 bits");
                }
                position++;
            }
            if (position >= input.length) {
                throw truncated(path, "an integer started at offset " + start);
            }
            if (position == digits) {
                throw malformed(path, position, "integer without digits");
            }
            if (input[position] != 'e') {
                throw malformed(path, position, "unexpected byte 0x%02x in an integer".formatted(input[position] & 0xff));
            }
            if (input[digits] == '0' && position - digits > 1) {
                throw malformed(path, start, "integer with a leading zero");
            }
            if (negative && value == 0) {
                throw malformed(path, start, "negative zero (i-0e)");
            }
            if (!negative) {
                if (value == Long.MIN_VALUE) {
                    throw malformed(path, start, "integer does not fit in 64 bits");
                }
                value = -value;
            }
            position++;
            return new BInteger(value, start, position);
        }

        private BString string(Path path) {
            int start = position;
            long length = 0;
            while (position < input.length && isDigit(input[position])) {
                length = length * 10 + (input[position] - '0');
                if (length > limits.maxStringBytes()) {
                    throw malformed(path, start, "byte string longer than " + limits.maxStringBytes() + " bytes");
                }
                position++;
            }
            if (position >= input.length) {
                throw truncated(path, "a byte string length started at offset " + start);
            }
            if (input[position] != ':') {
                throw malformed(path, position,
                        "unexpected byte 0x%02x in a byte string length".formatted(input[position] & 0xff));
            }
            if (input[start] == '0' && position - start > 1) {
                throw malformed(path, start, "byte string length with a leading zero");
            }
            position++;
            if (length > input.length - position) {
                throw truncated(path, "a byte string of " + length + " bytes started at offset " + start);
            }
            byte[] bytes = new byte[(int) length];
            System.arraycopy(input, position, bytes, 0, bytes.length);
            position += bytes.length;
            return new BString(bytes, start, position);
        }

        private BList list(Path path, int depth) {
            int start = position++;
            List<Bencode> items = new ArrayList<>();
            while (true) {
                if (position >= input.length) {
                    throw truncated(path, "a list started at offset " + start);
                }
                if (input[position] == 'e') {
                    position++;
                    return new BList(items, start, position);
                }
                items.add(value(path.index(items.size()), depth + 1));
            }
        }

        private BDictionary dictionary(Path path, int depth) {
            int start = position++;
            Map<BString, Bencode> entries = new LinkedHashMap<>();
            BString previous = null;
            while (true) {
                if (position >= input.length) {
                    throw truncated(path, "a dictionary started at offset " + start);
                }
                if (input[position] == 'e') {
                    position++;
                    return new BDictionary(entries, start, position);
                }
                if (!isDigit(input[position])) {
                    throw malformed(path, position, "dictionary key is not a byte string");
                }
                int keyStart = position;
                if (++items > limits.maxItems()) {
                    throw malformed(path, position, "more than " + limits.maxItems() + " values");
                }
                BString key = string(path);
                Path at = path.key(key);
                if (previous != null) {
                    int order = previous.compareTo(key);
                    if (order == 0) {
                        throw malformed(at, keyStart, "duplicate dictionary key '" + key.display() + "'");
                    }
                    if (order > 0) {
                        throw malformed(at, keyStart, "dictionary key '" + key.display()
                                + "' is out of order (keys must be sorted by raw bytes)");
                    }
                }
                entries.put(key, value(at, depth + 1));
                previous = key;
            }
        }

        private BencodeException truncated(Path path, String what) {
            return malformed(path, input.length, "input ends inside " + what);
        }

        BencodeException malformed(Path path, long offset, String detail) {
            return new BencodeException(BencodeException.MALFORMED, path.toString(), offset, detail);
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Where a value sits, built as the parser descends and rendered only when something is refused. */
    private record Path(Path parent, BString key, int index) {

        static final Path ROOT = new Path(null, null, -1);

        Path key(BString key) {
            return new Path(this, key, -1);
        }

        Path index(int index) {
            return new Path(this, null, index);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "(root)";
            }
            StringBuilder out = new StringBuilder();
            render(out);
            return out.toString();
        }

        private void render(StringBuilder out) {
            if (parent == null) {
                return;
            }
            parent.render(out);
            if (key != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(key.display());
            } else {
                out.append('[').append(index).append(']');
            }
        }
    }
}
