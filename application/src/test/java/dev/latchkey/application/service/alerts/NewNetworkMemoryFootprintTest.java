package dev.latchkey.application.service.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.alerts.NoticeNewNetworks.KeyUses;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.GraphLayout;

/**
 * What new-network alerts keep in memory per key, measured with JOL over the memory itself (its map, the key ids, each
 * key's array of networks): 10,000 keys with 1 and with 64 networks. Prints the figures (docs/new-network-alerts.md
 * quotes them: 182 and 1,190 bytes a key on JDK 17 with compressed references) and holds them under a bound, so
 * that a change that makes the memory much larger is seen.
 */
class NewNetworkMemoryFootprintTest {

    static {
        System.setProperty("jol.magicFieldOffset", "true"); // records' fields, on JDK 17
    }

    private static final int KEYS = 10_000;
    private static final Random RANDOM = new Random(7);

    private static String keyId() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder id = new StringBuilder(KeyId.LENGTH);
        for (int i = 0; i < KeyId.LENGTH; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static long bytesPerKey(int networksPerKey) {
        UseCases app = new UseCases();
        CountingKeyNetworks store = new CountingKeyNetworks();
        NewNetworkAlerts alerts = new NewNetworkAlerts(store, app.apiKeys, app.changeAudit,
                new NewNetworkAlerts.Settings(Duration.ofDays(30), 64, KEYS, 100), app.clock);
        Instant now = app.clock.instant();
        UserId owner = new UserId("01a24fe2-e636-75e9-a487-685c67badb88");
        List<KeyUses> uses = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            KeyId key = new KeyId(keyId());
            for (int n = 0; n < networksPerKey; n++) {
                uses.add(new KeyUses(key, owner, "10." + (n / 256) + "." + (n % 256) + ".1", now, now));
            }
        }
        alerts.notice(uses);
        assertThat(alerts.keysInMemory()).isEqualTo(KEYS);
        long bytes = GraphLayout.parseInstance(alerts.memory()).totalSize();
        System.out.printf("new-network alerts: %d keys with %d network(s) each: %d bytes, %d bytes a key%n", KEYS,
                networksPerKey, bytes, bytes / KEYS);
        return bytes / KEYS;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void aKeysNetworksCostAFewBytesEach(int networksPerKey) {
        assertThat(bytesPerKey(networksPerKey)).isLessThan(200L + 20L * networksPerKey);
    }
}
