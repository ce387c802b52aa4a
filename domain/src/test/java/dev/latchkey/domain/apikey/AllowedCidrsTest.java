package dev.latchkey.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.InvalidValueException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedCidrsTest {

    @Test
    void allowsAddressesInsideItsIpv4AndIpv6Blocks() {
        AllowedCidrs allowed = AllowedCidrs.parse(List.of("203.0.113.0/24", "198.51.100.7", "2001:db8::/32"));

        assertThat(allowed.allows("203.0.113.0")).isTrue();
        assertThat(allowed.allows("203.0.113.255")).isTrue();
        assertThat(allowed.allows("198.51.100.7")).isTrue();
        assertThat(allowed.allows("2001:db8:ffff::1")).isTrue();
        assertThat(allowed.allows("2001:0DB8:0:0:0:0:0:1")).isTrue();

        assertThat(allowed.allows("203.0.114.1")).isFalse();
        assertThat(allowed.allows("198.51.100.8")).isFalse();
        assertThat(allowed.allows("2001:db9::1")).isFalse();
    }

    @Test
    void anAddressOfTheOtherFamilyOrNoAddressAtAllIsRefused() {
        AllowedCidrs ipv4Only = AllowedCidrs.parse(List.of("0.0.0.0/0"));
        AllowedCidrs ipv6Only = AllowedCidrs.parse(List.of("::/0"));

        assertThat(ipv4Only.allows("10.1.2.3")).isTrue();
        assertThat(ipv4Only.allows("::1")).isFalse();
        assertThat(ipv6Only.allows("::1")).isTrue();
        assertThat(ipv6Only.allows("10.1.2.3")).isFalse();
        for (String notAnAddress : new String[] {null, "", "localhost", "example.com", "10.0.0", "unknown"}) {
            assertThat(ipv4Only.allows(notAnAddress)).as(String.valueOf(notAnAddress)).isFalse();
            assertThat(ipv6Only.allows(notAnAddress)).as(String.valueOf(notAnAddress)).isFalse();
        }
    }

    @Test
    void prefixBoundariesAreExact() {
        AllowedCidrs allowed = AllowedCidrs.parse(List.of("10.0.0.0/15", "2001:db8:0:8000::/49"));

        assertThat(allowed.allows("10.1.255.255")).isTrue();
        assertThat(allowed.allows("10.2.0.0")).isFalse();
        assertThat(allowed.allows("2001:db8:0:ffff::")).isTrue();
        assertThat(allowed.allows("2001:db8:0:7fff::")).isFalse();
    }

    @Test
    void keepsEachBlockOnceInCanonicalText() {
        AllowedCidrs allowed = AllowedCidrs.parse(List.of(" 2001:DB8::/32 ", "2001:db8:0::/32", "192.0.2.1"));

        assertThat(allowed.texts()).containsExactly("2001:db8::/32", "192.0.2.1/32");
    }

    @Test
    void writesIpv6AsRfc5952Does() {
        assertThat(AllowedCidrs.parse(List.of("::", "::1", "2001:DB8:0:0:1:0:0:1", "2001:db8:0:1:1:1:1:1",
                "fe80:0:0:0:0:0:0:0/10", "2001:db8:0:0:ffff:0:0:0/80", "2001:0db8:00aa::0001")).texts())
                .containsExactly("::/128", "::1/128", "2001:db8::1:0:0:1/128", "2001:db8:0:1:1:1:1:1/128",
                        "fe80::/10", "2001:db8:0:0:ffff::/80", "2001:db8:aa::1/128");
    }

    @Test
    void refusesWhatIsNotABlockNamingTheField() {
        for (String wrong : new String[] {"", " ", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/", "256.0.0.1",
                "010.0.0.1", "1.2.3", "example.com", "localhost/8", "fe80::1%eth0", "10.0.0.0/8/8", "1:2:3:4:5:6:7:8:9",
                "10.0.0.0/ 8", "x".repeat(60)}) {
            assertThatThrownBy(() -> AllowedCidrs.parse(List.of(wrong))).as(wrong)
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("allowedCidrs");
        }
    }

    @Test
    void refusesHostBitsPastThePrefixSayingWhichBlockWasMeant() {
        assertThatThrownBy(() -> AllowedCidrs.parse(List.of("10.0.0.1/8")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("the block is 10.0.0.0/8");
        assertThatThrownBy(() -> AllowedCidrs.parse(List.of("2001:db8::1/32")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("the block is 2001:db8::/32");
    }

    @Test
    void holdsOneToThirtyTwoBlocks() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 33; i++) {
            many.add("10.0." + i + ".0/24");
        }

        assertThat(AllowedCidrs.parse(many.subList(0, 32)).blocks()).hasSize(32);
        assertThatThrownBy(() -> AllowedCidrs.parse(many)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("1-32");
        assertThatThrownBy(() -> AllowedCidrs.parse(Collections.emptyList()))
                .isInstanceOf(InvalidValueException.class);
    }
}
