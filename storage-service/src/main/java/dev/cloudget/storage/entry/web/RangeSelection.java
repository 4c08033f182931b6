package dev.cloudget.storage.entry.web;

import java.util.Locale;

/**
 * What to send for a {@code Range} header (RFC 9110 section 14), for a representation of
 * {@code size} bytes.
 *
 * <p>Only a single range is honoured. A header with several ranges gets the whole body (200): the
 * download client and browsers resume with one range at a time, and multipart/byteranges would cost
 * more than it saves. A header we cannot parse, or in a unit other than bytes, is ignored as RFC 9110
 * allows, which also means the whole body.
 */
sealed interface RangeSelection {

    /** Send every byte, 200. */
    record Whole(long size) implements RangeSelection {
    }

    /** Send bytes {@code first..last} (inclusive), 206. */
    record Part(long first, long last, long size) implements RangeSelection {

        long length() {
            return last - first + 1;
        }

        String contentRange() {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** No byte of the range exists, 416. */
    record Unsatisfiable(long size) implements RangeSelection {

        String contentRange() {
            return "bytes */" + size;
        }
    }

    static RangeSelection of(String header, long size) {
        if (header == null) {
            return new Whole(size);
        }
        String value = header.strip();
        int equals = value.indexOf('=');
        if (equals < 0 || !value.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole(size);
        }
        String set = value.substring(equals + 1).strip();
        if (set.isEmpty() || set.indexOf(',') >= 0) {
            return new Whole(size);
        }
        int dash = set.indexOf('-');
        if (dash < 0) {
            return new Whole(size);
        }
        String firstText = set.substring(0, dash).strip();
        String lastText = set.substring(dash + 1).strip();
        if (firstText.isEmpty()) {
            // suffix range: the last n bytes
            long suffix = parse(lastText);
            if (suffix < 0) {
                return new Whole(size);
            }
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable(size);
            }
            return new Part(Math.max(0, size - suffix), size - 1, size);
        }
        long first = parse(firstText);
        long last = lastText.isEmpty() ? Long.MAX_VALUE : parse(lastText);
        if (first < 0 || last < 0 || last < first) {
            return new Whole(size);
        }
        if (first >= size) {
            return new Unsatisfiable(size);
        }
        return new Part(first, Math.min(last, size - 1), size);
    }

    /** A non-negative decimal, or -1 when the text is not one (or overflows). */
    private static long parse(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(digits);
    }
}
