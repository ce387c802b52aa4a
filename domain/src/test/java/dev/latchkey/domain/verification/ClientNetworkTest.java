package dev.latchkey.domain.verification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientNetworkTest {

    @Test
    void anIpv6ClientIsItsSlash64HoweverItIsWritten() {
        assertThat(ClientNetwork.of("2001:db8:1:2::77")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientNetwork.of("2001:DB8:1:2:ffff:ffff:ffff:ffff")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientNetwork.of("2001:0db8:0001:0002:0:0:0:1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientNetwork.of("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
        assertThat(ClientNetwork.of("::1")).isEqualTo("::/64");
    }

    @Test
    void anIpv4ClientIsItsAddressAndAnythingElseItself() {
        assertThat(ClientNetwork.of("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientNetwork.of("::ffff:203.0.113.7")).as("IPv4-mapped").isEqualTo("203.0.113.7");
        assertThat(ClientNetwork.of("unix-socket")).isEqualTo("unix-socket");
    }
}
