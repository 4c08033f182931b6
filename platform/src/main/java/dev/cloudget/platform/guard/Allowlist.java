package dev.cloudget.platform.guard;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Non-public destinations an operator chose to allow: CIDR ranges ({@code 127.0.0.0/8}, {@code ::1/128})
 * that open every port, or exact {@code host:port} pairs ({@code 127.0.0.1:18080}, {@code [::1]:8080},
 * {@code files.internal:443}) that open one port of one host. Invalid entries fail at startup.
 */
public final class Allowlist {

    private final List<Cidr> ranges;
    private final List<HostPort> hostPorts;

    private Allowlist(List<Cidr> ranges, List<HostPort> hostPorts) {
        this.ranges = List.copyOf(ranges);
        this.hostPorts = List.copyOf(hostPorts);
    }

    public static Allowlist none() {
        return new Allowlist(List.of(), List.of());
    }

    public static Allowlist parse(List<String> entries) {
        List<Cidr> ranges = new ArrayList<>();
        List<HostPort> hostPorts = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/")) {
                ranges.add(Cidr.parse(entry));
            } else {
                hostPorts.add(HostPort.parse(entry));
            }
        }
        return new Allowlist(ranges, hostPorts);
    }

    /** Whether {@code address}, reached as {@code host} on {@code port}, is explicitly allowed. */
    public boolean permits(String host, InetAddress address, int port) {
        InetAddress canonical = IpLiterals.canonical(address);
        for (Cidr range : ranges) {
            if (range.contains(canonical)) {
                return true;
            }
        }
        for (HostPort hostPort : hostPorts) {
            if (hostPort.matches(host, canonical, port)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return ranges.isEmpty() && hostPorts.isEmpty();
    }

    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress address = IpLiterals.parseOrNull(entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("allowlist CIDR needs an IP address: " + entry);
            }
            byte[] network = IpLiterals.canonical(address).getAddress();
            int prefix;
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("allowlist CIDR has no prefix length: " + entry, e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("allowlist CIDR prefix out of range: " + entry);
            }
            return new Cidr(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }

    private record HostPort(String host, InetAddress address, int port) {

        static HostPort parse(String entry) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1 || (entry.contains("::") && !entry.startsWith("["))) {
                throw new IllegalArgumentException(
                        "allowlist entry must be a CIDR or host:port ([v6]:port for IPv6): " + entry);
            }
            String host = entry.substring(0, colon).toLowerCase(Locale.ROOT);
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("allowlist entry has no numeric port: " + entry, e);
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("allowlist port out of range: " + entry);
            }
            InetAddress address = IpLiterals.parseOrNull(host);
            String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return new HostPort(bareHost, address == null ? null : IpLiterals.canonical(address), port);
        }

        boolean matches(String requestedHost, InetAddress requestedAddress, int requestedPort) {
            if (port != requestedPort) {
                return false;
            }
            if (address != null) {
                return address.equals(requestedAddress);
            }
            return host.equalsIgnoreCase(requestedHost);
        }
    }
}
