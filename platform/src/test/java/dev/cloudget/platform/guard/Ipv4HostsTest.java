package dev.cloudget.platform.guard;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected values as the WHATWG URL standard (browsers, curl) reads these hosts. */
class Ipv4HostsTest {

    @ParameterizedTest
    @CsvSource({
            "0177.0.0.1, 127.0.0.1",
            "010.8.8.8, 8.8.8.8",
            "0x7f.0.0.1, 127.0.0.1",
            "0X7F.0.0.1, 127.0.0.1",
            "127.1, 127.0.0.1",
            "2130706433, 127.0.0.1",
            "0x7f000001, 127.0.0.1",
            "192.168.0.1, 192.168.0.1",
            "192.168.0.1., 192.168.0.1",
            "0, 0.0.0.0",
            "0x, 0.0.0.0",
            "1.2.65535, 1.2.255.255"})
    void readsTheAddressABrowserReads(String host, String address) {
        assertThat(Ipv4Hosts.canonical(host)).hasValue(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "1.example.com", "cdn1", "0x7f.example", "a.b.c.d.e"})
    void leavesHostNamesAlone(String host) {
        assertThat(Ipv4Hosts.canonical(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "1.2.3.4.5", "4294967296", "1.2.3.256", "08.1.1.1", "1..2.3", "1.2.65536"})
    void refusesWhatEndsInANumberButIsNoAddress(String host) {
        assertThatThrownBy(() -> Ipv4Hosts.canonical(host)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "010.8.8.8", "0x7f.1", "0x7f.0.0.1", "0X7F.0.0.1", "127.1", "2130706433",
            "0x7f000001", "1.2.3.4.5", "256.1.1.1", "08.1.1.1", "127.0.0.01", "example.123", "1.2.3.0x4", "0"})
    void findsAmbiguousAnIpv4LiteralNotWrittenAsFourPlainDecimalParts(String host) {
        assertThat(Ipv4Hosts.isAmbiguous(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "8.8.8.8", "0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.0.1.",
            "example.com", "1.example.com", "cdn1", "0x7f.example", "a.b.c.d.e", "1e100.net"})
    void findsNothingAmbiguousInPlainAddressesAndHostNames(String host) {
        assertThat(Ipv4Hosts.isAmbiguous(host)).isFalse();
    }
}
