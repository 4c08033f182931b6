package dev.cloudget.platform.guard;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP literals parsed without ever asking DNS, and IPv6 forms that stand for an IPv4 address outright (IPv4-mapped
 * {@code ::ffff:a.b.c.d}, IPv4-translated {@code ::ffff:0:a.b.c.d}) folded to IPv4.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** The address written as {@code literal} (brackets allowed around IPv6), or null when it is a host name. */
    static InetAddress parseOrNull(String literal) {
        String text = literal.startsWith("[") && literal.endsWith("]")
                ? literal.substring(1, literal.length() - 1) : literal;
        if (!text.contains(":")) {
            // an IPv4 address as browsers read it (0177.0.0.1 is 127.0.0.1), or a host name
            String ipv4 = Ipv4Hosts.canonical(text).orElse(null);
            if (ipv4 == null) {
                return null;
            }
            text = ipv4;
        }
        try {
            // getByName does not resolve a string that is already a literal
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a valid IP address: " + literal, e);
        }
    }

    /**
     * IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-translated ({@code ::ffff:0:a.b.c.d}, RFC 2765) IPv6 as the IPv4
     * address they stand for; anything else unchanged.
     */
    static InetAddress canonical(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            if (isMapped(b) || isTranslated(b)) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    static boolean isMapped(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    /** {@code ::ffff:0:0/96}: what a stateless translator (SIIT) puts in front of an IPv4 address. */
    static boolean isTranslated(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0;
    }
}
