package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import dev.latchkey.domain.webhook.WebhookSignature;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Webhooks from the packaged service: {@code kill -9} between the changes and their delivery loses none. The first
 * process never runs its worker (poll interval 1 h) and is killed in the middle of a burst of issuances; the second
 * delivers a {@code key.issued} for every key whose 201 reached a client, each signed with the endpoint's secret.
 */
class WebhooksJarIT {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestServer.class)
    void aKill9BetweenTheChangesAndTheirDeliveryLosesNone(TestServer server, @TempDir Path workDir) throws Exception {
        TestDatabase database = server.freshDatabase("webhooks");
        String adminKey = RunningJar.generateKey();
        Map<String, String> env = LatchkeyJarIT.onDatabase(database, adminKey,
                "LATCHKEY_WEBHOOKS_POLL_INTERVAL", "1h",
                "LATCHKEY_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.1/32"); // the receiver is on loopback
        String[] admin = {"X-API-Key", adminKey};
        Map<String, String> deliveredBodies = new ConcurrentHashMap<>();
        Set<String> forged = ConcurrentHashMap.newKeySet();
        AtomicInteger posts = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String[] secret = new String[1];
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.incrementAndGet();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (WebhookSignature.ofSecret(secret[0]).verify(id, exchange.getRequestHeaders().getFirst(
                    "webhook-timestamp"), body, exchange.getRequestHeaders().getFirst("webhook-signature"),
                    Instant.now(), WebhookSignature.DEFAULT_TOLERANCE)) {
                deliveredBodies.put(id, body);
            } else {
                forged.add(id);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            RunningJar first = RunningJar.start(workDir, env);
            Api.Response registered = first.api.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hooks\",\"events\":[\"key.issued\"]}", admin);
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            secret[0] = (String) registered.field("secret");
            String userId = (String) first.api.post("/v1/users", "{\"name\":\"burst\"}", admin).field("id");

            List<String> keyIds = first.kill9DuringIssuances(userId, "{\"name\":\"burst\",\"scopes\":[]}", admin, "id",
                    8, 400, 100);
            assertThat(posts.get()).as("nothing was delivered before the kill").isZero();

            env.put("LATCHKEY_WEBHOOKS_POLL_INTERVAL", "200ms");
            try (RunningJar second = RunningJar.start(workDir, env)) {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                while (!allDelivered(deliveredBodies, keyIds) && Instant.now().isBefore(deadline)) {
                    Thread.sleep(100);
                }
                assertThat(keyIds).as("every acknowledged issuance announced after the restart")
                        .allSatisfy(keyId -> assertThat(deliveredBodies.values())
                                .anyMatch(body -> body.contains("\"keyId\":\"" + keyId + "\"")));
                assertThat(forged).as("every delivery signed with the endpoint's secret").isEmpty();
                assertThat(deliveredBodies.values()).allMatch(body -> body.startsWith("{\"type\":\"key.issued\""));
                String log = second.log();
                assertThat(log).doesNotContain(secret[0].substring(6));
                System.out.printf("webhooks, kill -9 during 400 issuances on %s: %d acknowledged before the kill, all"
                        + " %d announced after the restart (%d deliveries in all, at least once)%n", server,
                        keyIds.size(), keyIds.size(), posts.get());
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static boolean allDelivered(Map<String, String> bodies, List<String> keyIds) {
        return keyIds.stream().allMatch(keyId -> bodies.values().stream()
                .anyMatch(body -> body.contains("\"keyId\":\"" + keyId + "\"")));
    }
}
