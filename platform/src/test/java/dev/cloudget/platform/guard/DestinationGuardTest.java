package dev.cloudget.platform.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationGuardTest {

    private final DestinationGuard strict = new DestinationGuard(Allowlist.none(), DestinationGuardTest::noDns);

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.255.255.254",          // loopback
            "10.0.0.1", "10.255.255.255",            // 10/8
            "172.16.0.1", "172.31.255.255",          // 172.16/12
            "192.168.1.1",                           // 192.168/16
            "169.254.169.254",                       // link-local (cloud metadata)
            "100.64.0.1", "100.127.255.255",         // CGNAT
            "0.0.0.0", "0.1.2.3",                    // this network
            "224.0.0.1", "239.255.255.250",          // multicast
            "255.255.255.255", "240.0.0.1",          // broadcast, reserved
            "::1", "[::1]", "::",                    // IPv6 loopback, unspecified
            "fe80::1", "febf::1",                    // IPv6 link-local
            "fc00::1", "fd12:3456::1",               // unique local
            "ff02::1",                               // IPv6 multicast
            "::ffff:127.0.0.1", "::ffff:10.0.0.1",   // IPv4-mapped
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",                        // NAT64 of 10.0.0.1
            "2002:7f00:1::1",                        // 6to4 of 127.0.0.1
            "2002:a00:1::1",                         // 6to4 of 10.0.0.1
            "::127.0.0.1",                           // IPv4-compatible
            "::ffff:0:127.0.0.1", "::ffff:0:a00:1",  // IPv4-translated (SIIT) of 127.0.0.1, 10.0.0.1
            "::ffff:0:169.254.169.254", "[::ffff:0:7f00:1]",
            "64:ff9b::127.0.0.1", "64:ff9b::192.168.0.1", // NAT64 of loopback, private
            "64:ff9b:1::808:808",                    // local-use NAT64 (RFC 8215): the embedded address is the site's
            "2001:0:4136:e378:8000:63bf:3fff:fdd2"   // Teredo: the embedded address is obfuscated
    })
    void refusesNonPublicAddresses(String address) {
        assertThatThrownBy(() -> strict.check(address, 80))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("not on the allowlist");
    }

    @Test
    void refusesIpv4MappedLoopbackEvenWhenTheJdkKeepsItIpv6() throws Exception {
        byte[] mapped = InetAddress.getByName("::1").getAddress();
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        InetAddress stillIpv6 = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(stillIpv6).isInstanceOf(Inet6Address.class);
        assertThat(DestinationGuard.isPublic(stillIpv6)).isFalse();
    }

    @Test
    void judgesAnIpv4TranslatedAddressByItsIpv4AddressAsItDoesAMappedOne() throws Exception {
        InetAddress translated = InetAddress.getByName("::ffff:0:7f00:1");

        assertThat(translated).isInstanceOf(Inet6Address.class);
        assertThatThrownBy(() -> strict.check("::ffff:0:7f00:1", 80))
                .hasMessageContaining("an IPv4-translated IPv6 form of a loopback address");
    }

    @Test
    void namesTheRefusedAddressAndHostWithoutAStackTrace() {
        DestinationGuard guard = new DestinationGuard(Allowlist.none(),
                dns(Map.of("intranet.example", "10.1.2.3")));

        assertThatThrownBy(() -> guard.check("intranet.example", 8080))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessage("destination intranet.example (10.1.2.3) port 8080 is a private (RFC 1918) address"
                        + " and not on the allowlist")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1",
            "2606:4700:4700::1111", "2a00:1450:4001:81b::200e", "::ffff:8.8.8.8",
            "::ffff:0:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(strict.check(address, 443)).hasSize(1);
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsPrivate() {
        DestinationGuard guard = new DestinationGuard(Allowlist.none(), host -> new InetAddress[] {
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("127.0.0.1")});

        assertThatThrownBy(() -> guard.check("mixed.example", 80)).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void returnsExactlyTheCheckedAddressesSoTheConnectionCanBePinned() throws Exception {
        DestinationGuard guard = new DestinationGuard(Allowlist.none(),
                dns(Map.of("origin.example", "93.184.216.34")));

        assertThat(guard.check("origin.example", 80))
                .containsExactly(InetAddress.getByName("93.184.216.34"));
    }

    @Test
    void reportsAnUnresolvableHost() {
        assertThatThrownBy(() -> strict.check("nonexistent.invalid", 80)).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void cidrAllowlistOpensItsRangeOnEveryPort() throws Exception {
        DestinationGuard guard = new DestinationGuard(Allowlist.parse(List.of("127.0.0.0/8", "fd00::/8")),
                DestinationGuardTest::noDns);

        assertThat(guard.check("127.0.0.1", 80)).hasSize(1);
        assertThat(guard.check("127.9.9.9", 18080)).hasSize(1);
        assertThat(guard.check("::ffff:127.0.0.1", 1)).hasSize(1);
        assertThat(guard.check("::ffff:0:127.0.0.1", 1)).hasSize(1);
        assertThat(guard.check("fd12::1", 443)).hasSize(1);
        assertThatThrownBy(() -> guard.check("10.0.0.1", 80)).isInstanceOf(BlockedAddressException.class);
        assertThatThrownBy(() -> guard.check("::1", 80)).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void cidrAllowlistHonoursPrefixBitsInsideAByte() throws Exception {
        DestinationGuard guard = new DestinationGuard(Allowlist.parse(List.of("172.16.0.0/13")),
                DestinationGuardTest::noDns);

        assertThat(guard.check("172.23.255.255", 80)).hasSize(1);
        assertThatThrownBy(() -> guard.check("172.24.0.1", 80)).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void hostPortAllowlistOpensOnlyThatPort() throws Exception {
        DestinationGuard guard = new DestinationGuard(Allowlist.parse(List.of("127.0.0.1:18080", "[::1]:9000")),
                DestinationGuardTest::noDns);

        assertThat(guard.check("127.0.0.1", 18080)).hasSize(1);
        assertThat(guard.check("::1", 9000)).hasSize(1);
        assertThatThrownBy(() -> guard.check("127.0.0.1", 18081)).isInstanceOf(BlockedAddressException.class);
        assertThatThrownBy(() -> guard.check("127.0.0.2", 18080)).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void hostPortAllowlistByNameTrustsWhatThatNameResolvesTo() throws Exception {
        DestinationGuard guard = new DestinationGuard(Allowlist.parse(List.of(" files.internal:8443 ", "")),
                dns(Map.of("files.internal", "10.0.0.7", "other.internal", "10.0.0.7")));

        assertThat(guard.check("FILES.internal", 8443)).hasSize(1);
        assertThatThrownBy(() -> guard.check("files.internal", 443)).isInstanceOf(BlockedAddressException.class);
        assertThatThrownBy(() -> guard.check("other.internal", 8443)).isInstanceOf(BlockedAddressException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "127.0.0.1:http", "127.0.0.1:70000", "::1:80",
            "example.com/8", "10.0.0.0/33", "10.0.0.0/x"})
    void rejectsMalformedAllowlistEntries(String entry) {
        assertThatThrownBy(() -> Allowlist.parse(List.of(entry))).isInstanceOf(IllegalArgumentException.class);
    }

    private static InetAddress[] noDns(String host) throws UnknownHostException {
        throw new UnknownHostException(host);
    }

    private static DestinationGuard.Resolver dns(Map<String, String> records) {
        return host -> {
            String address = records.get(host.toLowerCase(java.util.Locale.ROOT));
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        };
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0177.0.0.1", "0x7f.0.0.1", "127.1", "2130706433",
            "0x0a.1.2.3"})
    void judgesALegacyIpv4LiteralAsTheAddressABrowserReadsIn(String host) {
        DestinationGuard guard = new DestinationGuard(Allowlist.none(), name -> {
            throw new AssertionError("an address literal is never looked up: " + name);
        });

        assertThatThrownBy(() -> guard.check(host, 80)).isInstanceOf(BlockedAddressException.class);
    }

    @org.junit.jupiter.api.Test
    void readsALeadingZeroAsOctalAsBrowsersDo() throws Exception {
        DestinationGuard guard = new DestinationGuard(Allowlist.none(), name -> {
            throw new AssertionError("an address literal is never looked up: " + name);
        });

        assertThat(guard.check("010.8.8.8", 80)).containsExactly(InetAddress.getByName("8.8.8.8"));
    }
}
