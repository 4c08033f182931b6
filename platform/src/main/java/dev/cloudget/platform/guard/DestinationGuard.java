package dev.cloudget.platform.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The SSRF guard: resolves a destination host and refuses it unless every address it resolves to is
 * public or allowlisted. Callers connect only to the addresses returned here (never resolve again), so
 * a DNS answer that changes between the check and the connection cannot redirect the fetch.
 */
public final class DestinationGuard {

    /** Host name resolution, replaceable so tests need no DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Allowlist allowlist;
    private final Resolver resolver;

    public DestinationGuard(Allowlist allowlist) {
        this(allowlist, InetAddress::getAllByName);
    }

    public DestinationGuard(Allowlist allowlist, Resolver resolver) {
        this.allowlist = allowlist;
        this.resolver = resolver;
    }

    /**
     * The addresses of {@code host} that may be connected to on {@code port}.
     *
     * @throws UnknownHostException   when the host does not resolve
     * @throws BlockedAddressException when any address is not public and not allowlisted
     */
    public List<InetAddress> check(String host, int port) throws UnknownHostException, BlockedAddressException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress literal = IpLiterals.parseOrNull(bare);
        InetAddress[] addresses = literal != null ? new InetAddress[] {literal} : resolver.resolve(bare);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(bare);
        }
        for (InetAddress address : addresses) {
            String reason = AddressClassifier.nonPublicReason(address);
            if (reason != null && !allowlist.permits(bare, address, port)) {
                String shown = address.getHostAddress();
                String target = shown.equals(bare) ? shown : bare + " (" + shown + ")";
                throw new BlockedAddressException(
                        "destination " + target + " port " + port + " is " + reason + " and not on the allowlist");
            }
        }
        return List.of(addresses);
    }

    /**
     * Whether a peer already known by its address (a BitTorrent peer, a tracker's answer) may be connected to:
     * public, or allowlisted. Nothing is resolved.
     */
    public boolean permits(InetAddress address, int port) {
        return AddressClassifier.nonPublicReason(address) == null
                || allowlist.permits(address.getHostAddress(), address, port);
    }

    /** Whether {@code address} is on the public internet (ignores the allowlist). */
    public static boolean isPublic(InetAddress address) {
        return AddressClassifier.nonPublicReason(address) == null;
    }
}
