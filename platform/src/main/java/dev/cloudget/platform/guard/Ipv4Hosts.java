package dev.cloudget.platform.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names that are IPv4 addresses the way browsers and curl read them (the WHATWG URL standard's IPv4 parser):
 * one to four parts, each decimal, octal with a leading {@code 0} or hex with {@code 0x}. {@code 0177.0.0.1} is
 * 127.0.0.1 and {@code 010.8.8.8} is 8.8.8.8 for them. The destination guard judges such a host as that address, so
 * that wherever one reaches it (a redirect, a mirror, a tracker, a webhook) it means the address it means to the
 * user's browser.
 *
 * <p>Other programs read such hosts differently ({@code inet_pton} refuses them and DNS is asked, some parsers read
 * {@code 0177} as decimal), so a link or webhook that names one is refused at submit as ambiguous
 * ({@link #isAmbiguous}) rather than guessed at.
 */
public final class Ipv4Hosts {

    private static final Pattern PLAIN_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private Ipv4Hosts() {
    }

    /**
     * The dotted-decimal address {@code host} names, if its last label is a number (then it is an IPv4 address or
     * invalid); empty for an ordinary host name.
     *
     * @throws IllegalArgumentException for a host that ends in a number but is no valid IPv4 address
     */
    public static Optional<String> canonical(String host) {
        List<String> parts = labels(host);
        if (!isNumber(parts.getLast())) {
            return Optional.empty();
        }
        if (parts.size() > 4) {
            throw new IllegalArgumentException("ends in a number but has more than four parts");
        }
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            numbers[i] = parse(parts.get(i));
            if (i < parts.size() - 1 && numbers[i] > 255) {
                throw new IllegalArgumentException("part " + parts.get(i) + " is over 255");
            }
        }
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * (5 - numbers.length))) {
            throw new IllegalArgumentException("is beyond the IPv4 address range");
        }
        long address = last;
        for (int i = 0; i < numbers.length - 1; i++) {
            address += numbers[i] << (8 * (3 - i));
        }
        return Optional.of((address >>> 24) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
                + (address & 255));
    }

    /**
     * Whether {@code host} ends in a number (so browsers take it for an IPv4 address) but is not written as four
     * decimal numbers from 0 to 255 without leading zeros: {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 2130706433},
     * {@code 1.2.3.4.5}, {@code 256.1.1.1}. Each has more than one reading among browsers, C libraries and DNS.
     */
    public static boolean isAmbiguous(String host) {
        List<String> parts = labels(host);
        return isNumber(parts.getLast()) && (parts.size() != 4 || !parts.stream().allMatch(Ipv4Hosts::isPlainOctet));
    }

    /** The dot-separated labels, without the empty one a fully qualified name ends in; lower case. */
    private static List<String> labels(String host) {
        List<String> parts = new ArrayList<>(List.of(host.toLowerCase(Locale.ROOT).split("\\.", -1)));
        if (parts.size() > 1 && parts.getLast().isEmpty()) {
            parts.removeLast();
        }
        return parts;
    }

    private static boolean isPlainOctet(String part) {
        return PLAIN_OCTET.matcher(part).matches() && Integer.parseInt(part) <= 255;
    }

    /** A label the IPv4 parser reads as a number: decimal digits, or {@code 0x} and hex digits. */
    private static boolean isNumber(String label) {
        if (label.isEmpty()) {
            return false;
        }
        if (label.startsWith("0x")) {
            return label.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long parse(String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("has an empty part");
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0;
        }
        if (digits.length() > 12) {
            throw new IllegalArgumentException("part " + part + " is beyond the IPv4 address range");
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("part " + part + " is not a number");
        }
    }
}
