package dev.latchkey.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginNetworkTest {

    @Test
    void anIpv4AddressIsItsSlash24() {
        assertThat(OriginNetwork.of("203.0.113.77")).map(OriginNetwork::toString).contains("203.0.113.0/24");
        assertThat(OriginNetwork.of("203.0.113.0")).isEqualTo(OriginNetwork.of("203.0.113.255"));
        assertThat(OriginNetwork.of("203.0.113.1")).isNotEqualTo(OriginNetwork.of("203.0.114.1"));
    }

    @Test
    void anIpv6AddressIsItsSlash48() {
        assertThat(OriginNetwork.of("2001:db8:1:2::5")).map(OriginNetwork::toString).contains("2001:db8:1::/48");
        assertThat(OriginNetwork.of("2001:db8:1:ffff::1")).isEqualTo(OriginNetwork.of("2001:db8:1::"));
        assertThat(OriginNetwork.of("2001:db8:2::1")).isNotEqualTo(OriginNetwork.of("2001:db8:1::1"));
    }

    @Test
    void anIpv4MappedIpv6AddressIsItsIpv4Network() {
        assertThat(OriginNetwork.of("::ffff:198.51.100.9")).map(OriginNetwork::toString).contains("198.51.100.0/24");
        assertThat(OriginNetwork.of("::ffff:198.51.100.9")).isEqualTo(OriginNetwork.of("198.51.100.200"));
    }

    @Test
    void theNumberOfANetworkTellsNetworksApart() {
        assertThat(number("203.0.113.1")).isEqualTo(number("203.0.113.254"));
        assertThat(number("203.0.113.1")).isNotEqualTo(number("203.0.114.1")).isNotEqualTo(number("204.0.113.1"));
        assertThat(number("0.0.0.1")).isNotEqualTo(number("::1"));
        assertThat(number("2001:db8:1::1")).isEqualTo(number("2001:db8:1:ff::"))
                .isNotEqualTo(number("2001:db8:2::1")).isNotEqualTo(number("2001:db9:1::1"));
    }

    private static long number(String address) {
        return OriginNetwork.of(address).orElseThrow().number();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "unknown", "overflow", "example.com", "256.1.1.1", "1.2.3", "010.1.1.1",
            "fe80::1%eth0", "2001:db8::/48", "1.2.3.4:80", ":::"})
    void anAddressNotKnownOrNotALiteralIsNoNetwork(String address) {
        assertThat(OriginNetwork.of(address)).isEmpty();
    }
}
