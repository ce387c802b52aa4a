package dev.latchkey.domain.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClientNetworkTest {

    private static final long SEED = 0x0123_4567_89AB_CDEFL;

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

    @Test
    void oneClientHasOneFingerprintHoweverItsAddressIsWritten() {
        assertThat(fingerprints("2001:db8:1:2::77", "2001:DB8:1:2:ffff:ffff:ffff:ffff", "2001:0db8:0001:0002:0:0:0:1",
                "2001:db8:1:2:0:0:0.0.0.1", "2001:db8:1:2::")).hasSize(1);
        assertThat(fingerprints("203.0.113.7", "::ffff:203.0.113.7", "::FFFF:cb00:7107", "0:0:0:0:0:ffff:cb00:7107"))
                .hasSize(1);
        assertThat(fingerprints("::", "::1", "0::0", "0:0:0:0:0:0:0:0", "::0.0.0.1")).hasSize(1);
        assertThat(fingerprints("203.0.113.7", "203.0.113.8", "2001:db8:1:2::", "2001:db8:1:3::", "2001:db8:1::",
                "ffff:ffff:1::", "::ffff:0:0", "unix-socket", "203.0.113.07", "")).as("all different").hasSize(10);
        assertThat(fingerprints("203.0.113.7", "ffff:ffff:cb00:7107::1", "FFFF:FFFF:CB00:7107:0:0:0:1"))
                .as("IPv4 clients live in ffff:ffff::/32: an address written there is not taken for one").hasSize(3);
        assertThat(ClientNetwork.fingerprint("203.0.113.7", SEED))
                .as("another process, another seed: other fingerprints")
                .isNotEqualTo(ClientNetwork.fingerprint("203.0.113.7", SEED + 1));
    }

    @Test
    void theAllocationFreeReadingAgreesWithTheLiteralParserOnAnyText() {
        String[] tricky = {"", ":", "::", ":::", "1::", "::1", "1:", ":1", "1::2::3", "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4::5:6:7:8", "12345::", "01234::",
            "0000f::", "g::", "1.2.3.4", "01.2.3.4", "1.2.3.04", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3",
            "::ffff:1.2.3.4", "::1.2.3.4", "1::1.2.3.4", "1.2.3.4::", "ffff::1.2.3.4.5", "[::1]", "::1%eth0", "fe80::1%1",
            " 1.2.3.4", "1.2.3.4 ", "2001:db8::/64", "203.0.113.7/32", "unix-socket", "::ffff:cb00:7107",
            "0:0:0:0:0:ffff:ffff:ffff", "::fffe:cb00:7107", "::1:ffff:cb00:7107", "1:0:0:0:0:ffff:cb00:7107",
            "999.999.999.999", "0.0.0.0", "255.255.255.255", "١.٢.٣.٤"};
        for (String text : tricky) {
            assertThat(ClientNetwork.fingerprint(text, SEED)).as(text)
                    .isEqualTo(ClientNetwork.slowFingerprint(text, SEED));
        }
        SplittableRandom random = new SplittableRandom(25);
        String alphabet = "0123456789abcdefABCDEF::::::....g/% ";
        for (int i = 0; i < 100_000; i++) {
            String text = i % 2 == 0 ? randomText(random, alphabet) : randomAddress(random);
            long fast = ClientNetwork.fingerprint(text, SEED);
            if (fast != ClientNetwork.slowFingerprint(text, SEED)) {
                throw new AssertionError("the two readings disagree on " + text);
            }
        }
    }

    private static Map<Long, String> fingerprints(String... addresses) {
        Map<Long, String> byFingerprint = new HashMap<>();
        for (String address : addresses) {
            byFingerprint.put(ClientNetwork.fingerprint(address, SEED), address);
        }
        return byFingerprint;
    }

    private static String randomText(SplittableRandom random, String alphabet) {
        StringBuilder text = new StringBuilder();
        for (int length = random.nextInt(42); length > 0; length--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** An IPv4 or IPv6 address written one of the ways it may be (or almost: a digit too many, a leading zero). */
    private static String randomAddress(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            StringBuilder text = new StringBuilder();
            for (int part = 0; part < 4; part++) {
                text.append(part > 0 ? "." : "").append(random.nextInt(10) == 0 ? "0" : "")
                        .append(random.nextInt(random.nextBoolean() ? 256 : 300));
            }
            return text.toString();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(1 << (random.nextInt(4) * 4 + 4));
        }
        if (random.nextInt(5) == 0) {
            groups[0] = 0; // IPv4-mapped, or nearly
            groups[1] = 0;
            groups[2] = 0;
            groups[3] = random.nextInt(20) == 0 ? 1 : 0;
            groups[4] = 0;
            groups[5] = random.nextBoolean() ? 0xffff : 0xfffe;
        }
        int elideFrom = random.nextInt(9);
        int elideTo = Math.min(8, elideFrom + random.nextInt(9));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == elideFrom && elideTo > elideFrom) {
                text.append("::");
                i = elideTo - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            String group = Integer.toHexString(groups[i]);
            if (random.nextInt(6) == 0) {
                group = "0".repeat(random.nextInt(3)) + group;
            }
            text.append(random.nextBoolean() ? group.toUpperCase() : group);
        }
        if (random.nextInt(8) == 0) {
            text.append(random.nextBoolean() ? ":" + random.nextInt(256) + ".0.0." + random.nextInt(256) : ":");
        }
        return text.toString();
    }
}
