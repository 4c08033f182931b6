package dev.cloudget.storage.entry.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What to send for a {@code Range} header (RFC 9110 section 14), for a representation of
 * {@code size} bytes.
 *
 * <p>One satisfiable range is a {@link Part}; several are {@link Parts}, sent as {@code multipart/byteranges}.
 * Ranges that start beyond the end are dropped; when none is left the answer is 416. As RFC 9110 allows, a header we
 * cannot parse, in a unit other than bytes, with more than {@value #MAX_RANGES} ranges or with ranges that overlap
 * (a cheap way to make a server send the same bytes many times) is ignored, which means the whole body.
 */
sealed interface RangeSelection {

    int MAX_RANGES = 16;

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

    /** Several ranges, in the order asked for, none overlapping another: 206 with {@code multipart/byteranges}. */
    record Parts(List<Part> parts, long size) implements RangeSelection {
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
        String[] specs = value.substring(equals + 1).split(",", -1);
        if (specs.length > MAX_RANGES) {
            return new Whole(size);
        }
        List<Part> parts = new ArrayList<>();
        for (String spec : specs) {
            RangeSelection one = single(spec.strip(), size);
            if (one instanceof Whole) {
                return one; // one range we cannot read spoils the header
            }
            if (one instanceof Part part) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            return new Unsatisfiable(size);
        }
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        List<Part> ordered = parts.stream().sorted(Comparator.comparingLong(Part::first)).toList();
        for (int i = 1; i < ordered.size(); i++) {
            if (ordered.get(i).first() <= ordered.get(i - 1).last()) {
                return new Whole(size);
            }
        }
        return new Parts(List.copyOf(parts), size);
    }

    /** One range-spec: a {@link Part}, {@link Unsatisfiable} when it starts beyond the end, {@link Whole} when unreadable. */
    private static RangeSelection single(String set, long size) {
        int dash = set.indexOf('-');
        if (set.isEmpty() || dash < 0) {
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
