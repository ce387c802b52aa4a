package dev.latchkey.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookNetworksTest {

    private static byte[] address(String text) {
        return Cidr.literal(text).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, loopback", "127.8.9.10, loopback", "::1, loopback",
            "10.1.2.3, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private",
            "169.254.169.254, link-local", "fe80::1, link-local",
            "100.64.0.1, carrier-grade NAT", "100.127.255.254, carrier-grade NAT",
            "0.0.0.0, unspecified", "::, unspecified",
            "224.0.0.1, multicast", "ff02::1, multicast", "255.255.255.255, broadcast",
            "fc00::1, unique-local", "fd12:3456::1, unique-local", "fec0::1, site-local",
            "192.0.2.7, documentation", "2001:db8::1, documentation", "198.18.0.1, benchmarking",
            "::ffff:127.0.0.1, loopback", "::127.0.0.1, loopback", "::ffff:10.0.0.1, private",
            "64:ff9b::a9fe:a9fe, link-local", "2002:c0a8:0101::1, private",
            "1::1, not a global unicast", "::2:1, unspecified", "100::1, discard", "2001::1, IETF"})
    void nonGlobalAddressesAreRefusedByDefaultWithTheirKind(String text, String kind) {
        assertThat(WebhookNetworks.GLOBAL_ONLY.refusal(address(text))).get().asString().contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "100.128.0.1", "172.32.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1"})
    void globalAddressesAreAllowed(String text) {
        assertThat(WebhookNetworks.GLOBAL_ONLY.refusal(address(text))).isEmpty();
    }

    @Test
    void theOperatorsNetworksAreAllowedAndNothingElse() {
        WebhookNetworks networks = WebhookNetworks.allowing(List.of("127.0.0.0/8", "fd00::/8", " "));

        assertThat(networks.refusal(address("127.0.0.1"))).isEmpty();
        assertThat(networks.refusal(address("::ffff:127.0.0.1"))).isEmpty();
        assertThat(networks.refusal(address("fd00::5"))).isEmpty();
        assertThat(networks.refusal(address("::1"))).isPresent();
        assertThat(networks.refusal(address("10.0.0.1"))).isPresent();
        assertThat(networks.allowed()).extracting(Cidr::toString).containsExactly("127.0.0.0/8", "fd00::/8");
        assertThat(networks.refusalOfName("localhost")).isEmpty();
        assertThat(WebhookNetworks.GLOBAL_ONLY.refusalOfName("LocalHost.")).get().asString().contains("loopback");
        assertThat(WebhookNetworks.GLOBAL_ONLY.refusalOfName("api.localhost")).isPresent();
        assertThat(WebhookNetworks.GLOBAL_ONLY.refusalOfName("hooks.example.com")).isEmpty();
    }

    @Test
    void aMalformedNetworkNamesTheSetting() {
        assertThatThrownBy(() -> WebhookNetworks.allowing(List.of("10.0.0.1/8")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining(WebhookNetworks.SETTING);
        assertThatThrownBy(() -> WebhookNetworks.allowing(List.of("intranet")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining(WebhookNetworks.SETTING);
    }
}
