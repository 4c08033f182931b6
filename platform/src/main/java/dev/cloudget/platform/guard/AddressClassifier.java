package dev.cloudget.platform.guard;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * Says why an address is not on the public internet, or null when it is. Covers IPv4 special-purpose
 * ranges (RFC 6890) and their IPv6 counterparts. IPv6 forms that embed an IPv4 address are judged by that address
 * (IPv4-mapped, IPv4-translated, NAT64 {@code 64:ff9b::/96}, 6to4) or refused outright (IPv4-compatible, local-use
 * NAT64, Teredo, whose embedded address is obfuscated), so none smuggles a private IPv4 destination past the check.
 */
final class AddressClassifier {

    private AddressClassifier() {
    }

    static String nonPublicReason(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? ipv4(b, 0) : ipv6(b);
    }

    private static String ipv4(byte[] bytes, int offset) {
        int a = bytes[offset] & 0xff;
        int b = bytes[offset + 1] & 0xff;
        int c = bytes[offset + 2] & 0xff;
        if (a == 0) {
            return "an unspecified (0.0.0.0/8) address";
        }
        if (a == 127) {
            return "a loopback address";
        }
        if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
            return "a private (RFC 1918) address";
        }
        if (a == 169 && b == 254) {
            return "a link-local address";
        }
        if (a == 100 && (b & 0xc0) == 64) {
            return "a carrier-grade NAT (100.64.0.0/10) address";
        }
        if (a == 192 && b == 0 && (c == 0 || c == 2)) {
            return "a reserved (192.0.0.0/24, 192.0.2.0/24) address";
        }
        if ((a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)) {
            return "a documentation address";
        }
        if (a == 198 && (b & 0xfe) == 18) {
            return "a benchmarking (198.18.0.0/15) address";
        }
        if (a >= 224 && a <= 239) {
            return "a multicast address";
        }
        if (a >= 240) {
            return "a reserved or broadcast (240.0.0.0/4) address";
        }
        return null;
    }

    private static String ipv6(byte[] b) {
        if (IpLiterals.isMapped(b)) {
            String embedded = ipv4(b, 12);
            return embedded == null ? null : "an IPv4-mapped IPv6 form of " + embedded;
        }
        if (IpLiterals.isTranslated(b)) {
            String embedded = ipv4(b, 12);
            return embedded == null ? null : "an IPv4-translated IPv6 form of " + embedded;
        }
        if (allZero(b, 0, 12)) {
            if (allZero(b, 12, 15) && b[15] == 0) {
                return "an unspecified (::) address";
            }
            if (allZero(b, 12, 15) && b[15] == 1) {
                return "a loopback address";
            }
            return "an IPv4-compatible IPv6 address (deprecated)";
        }
        int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int second = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (first == 0x0064 && second == 0xff9b && allZero(b, 4, 12)) {
            String embedded = ipv4(b, 12);
            return embedded == null ? null : "a NAT64 IPv6 form of " + embedded;
        }
        if (first == 0x0064 && second == 0xff9b) {
            return "a local-use NAT64 address";
        }
        if (first == 0x2002) {
            String embedded = ipv4(b, 2);
            return embedded == null ? null : "a 6to4 IPv6 form of " + embedded;
        }
        if (first == 0x2001 && second == 0x0000) {
            return "a Teredo tunnel address";
        }
        if (first == 0x2001 && second == 0x0db8) {
            return "a documentation address";
        }
        if (first == 0x0100 && allZero(b, 2, 8)) {
            return "a discard-only address";
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "a unique-local (fc00::/7) address";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "a link-local address";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "a site-local address";
        }
        if ((b[0] & 0xff) == 0xff) {
            return "a multicast address";
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        return Arrays.equals(b, from, to, new byte[to - from], 0, to - from);
    }
}
