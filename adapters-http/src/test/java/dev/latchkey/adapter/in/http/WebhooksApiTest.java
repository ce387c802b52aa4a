package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.application.port.in.keys.ScanKeyLifecycle;
import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import dev.latchkey.domain.webhook.WebhookSignature;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/webhooks} and the worker's passes (run here by the test, as the bootstrap's worker runs them): a receiver
 * gets every event it asked for, signed so that the documented scheme accepts it and refuses a forgery; a receiver
 * that is down gets its deliveries once it is back; the delivery log says what happened.
 */
@MicronautTest
class WebhooksApiTest extends HttpApiTest {

    /** What a receiver got: the three Standard Webhooks headers and the body. */
    record Received(String id, String timestamp, String signature, String body) {
    }

    @Inject
    DispatchWebhooks worker;
    @Inject
    ScanKeyLifecycle scheduler;
    @Inject
    TestWiring.MovableClock clock;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(204);
    private HttpServer receiver;
    private String[] admin;

    @BeforeEach
    void setUp() throws IOException {
        admin = keyHeaders("admin");
        for (Object left : (List<?>) api.get("/v1/webhooks", admin).field("items")) { // earlier tests' endpoints
            api.send("DELETE", "/v1/webhooks/" + ((Map<?, ?>) left).get("id"), null, admin);
        }
        drain();
        receiver = receiverOn(0);
    }

    /** A receiver that notes what it got and answers {@link #answer}. */
    private HttpServer receiverOn(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String receiverUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
    }

    private Map<String, Object> register(String url, String events) {
        Api.Response registered = api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":" + events + "}",
                admin);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.header("Cache-Control")).as("the answer carries the secret").isEqualTo("no-store");
        return registered.json();
    }

    /** Passes until the worker finds nothing to do. */
    private void drain() {
        for (int i = 0; i < 20; i++) {
            DispatchWebhooks.Pass pass = worker.runOnce(100);
            if (pass.eventsDispatched() == 0 && pass.attempts() == 0) {
                return;
            }
        }
    }

    @Test
    void aReceiverGetsEveryEventItAskedForSignedTheDocumentedWay() {
        Map<String, Object> endpoint = register(receiverUrl(), "[\"key.issued\",\"key.rotated\",\"key.revoked\","
                + "\"user.disabled\"]");
        String secret = (String) endpoint.get("secret");
        assertThat(secret).startsWith("whsec_");
        String userId = newUser(admin, "Ada");
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}", admin)
                .json();
        String keyId = (String) issued.get("id");
        String newKey = (String) api.post("/v1/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":60}", admin)
                .field("key");
        api.post("/v1/keys/" + keyId + "/revoke", null, admin);
        api.send("PATCH", "/v1/users/" + userId, "{\"status\":\"disabled\"}", admin);

        drain();

        assertThat(receivedTypes()).containsExactly("key.issued", "key.rotated", "key.revoked", "user.disabled");
        WebhookSignature scheme = WebhookSignature.ofSecret(secret);
        Instant now = clock.instant();
        for (Received delivery : received) {
            assertThat(scheme.verify(delivery.id(), delivery.timestamp(), delivery.body(), delivery.signature(), now,
                    WebhookSignature.DEFAULT_TOLERANCE)).as(delivery.body()).isTrue();
            assertThat(delivery.body()).contains("\"userId\":\"" + userId + "\"")
                    .doesNotContain((String) issued.get("key")).doesNotContain(newKey)
                    .doesNotContain(newKey.substring(newKey.length() - 30));
            // a forgery: another body under the same headers, or the right body under another secret
            assertThat(scheme.verify(delivery.id(), delivery.timestamp(), delivery.body().replace("Ada", "Eve")
                    .replace(userId, "00000000-0000-7000-8000-000000000000"), delivery.signature(), now,
                    WebhookSignature.DEFAULT_TOLERANCE)).isFalse();
            assertThat(WebhookSignature.ofSecret("whsec_" + "A".repeat(44)).verify(delivery.id(), delivery.timestamp(),
                    delivery.body(), delivery.signature(), now, WebhookSignature.DEFAULT_TOLERANCE)).isFalse();
        }
        assertThat(received.get(1).body()).contains("\"rotatedTo\":\"" + newKey.substring(3, 15) + "\"");

        Api.Response log = api.get("/v1/webhooks/" + endpoint.get("id") + "/deliveries", admin);
        List<?> items = (List<?>) log.field("items");
        assertThat(items).hasSize(4).allSatisfy(item -> assertThat(map(item))
                .containsEntry("status", "delivered").containsEntry("attempts", 1).containsEntry("responseStatus", 204));
        assertThat(((Map<?, ?>) items.get(0)).get("event")).as("newest first").isEqualTo("user.disabled");
        assertThat(log.body()).doesNotContain(secret.substring(6));
    }

    @Test
    void aReceiverThatIsDownGetsItsDeliveriesOnceItIsBack() throws IOException {
        Map<String, Object> endpoint = register(receiverUrl(), "[\"key.revoked\"]");
        String deliveries = "/v1/webhooks/" + endpoint.get("id") + "/deliveries";
        String userId = newUser(admin, "Bo");
        String keyId = (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}", admin)
                .field("id");
        api.post("/v1/keys/" + keyId + "/revoke", null, admin);
        answer.set(503);

        drain();
        Map<String, Object> pending = map(((List<?>) api.get(deliveries, admin).field("items")).get(0));
        assertThat(pending).containsEntry("status", "pending").containsEntry("attempts", 1)
                .containsEntry("responseStatus", 503);
        assertThat(pending.get("nextAttemptAt")).isNotNull();
        drain();
        assertThat(received).as("not tried again before its retry is due").hasSize(1);

        int port = receiver.getAddress().getPort();
        receiver.stop(0); // now down altogether: refused connections
        clock.advance(Duration.ofSeconds(11));
        drain();
        Map<String, Object> refused = map(((List<?>) api.get(deliveries, admin).field("items")).get(0));
        assertThat(refused).containsEntry("status", "pending").containsEntry("attempts", 2)
                .containsEntry("responseStatus", null).containsEntry("error", "no answer: the connection was refused");

        answer.set(200);
        receiver = receiverOn(port);
        clock.advance(Duration.ofSeconds(21));
        drain();

        Map<String, Object> delivered = map(((List<?>) api.get(deliveries, admin).field("items")).get(0));
        assertThat(delivered).containsEntry("status", "delivered").containsEntry("attempts", 3)
                .containsEntry("responseStatus", 200).containsEntry("nextAttemptAt", null).containsEntry("error", null);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).id()).as("the same message id on every attempt").isEqualTo(received.get(0).id());
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    /** The event types of what the receiver got, in order. */
    private List<String> receivedTypes() {
        return received.stream().map(WebhooksApiTest::typeOf).toList();
    }

    /** The event types of what the receiver got about {@code userId}'s keys, in order. */
    private List<String> typesFor(String userId) {
        return received.stream().filter(r -> r.body().contains(userId)).map(WebhooksApiTest::typeOf).toList();
    }

    private static String typeOf(Received delivery) {
        return delivery.body().replaceAll(".*\"type\":\"([a-z._]+)\".*", "$1");
    }

    @Test
    void theSchedulerAnnouncesExpiringKeysOncePerLeadTimeThenTheirExpiryAndKeysLowOnUses() {
        register(receiverUrl(), "[\"key.expiring\",\"key.expired\",\"key.usage_low\"]");
        String userId = newUser(admin, "Di");
        String expiry = clock.instant().plus(Duration.ofDays(5)).toString();
        String keyId = (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"temp\",\"scopes\":[],"
                + "\"expiresAt\":\"" + expiry + "\"}", admin).field("id");
        String quotaKey = (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"metered\",\"scopes\":[],"
                + "\"remaining\":4}", admin).field("key");

        scheduler.runOnce();
        scheduler.runOnce(); // told once
        drain();
        assertThat(typesFor(userId)).containsExactly("key.expiring");
        assertThat(received.get(0).body()).contains("\"keyId\":\"" + keyId + "\"", "\"leadTime\":\"7d\"",
                "\"name\":\"temp\"");

        assertThat(api.get("/v1/me", "X-API-Key", quotaKey).status()).isEqualTo(200);
        assertThat(api.get("/v1/me", "X-API-Key", quotaKey).status()).isEqualTo(200); // 2 left: below 3
        clock.advance(Duration.ofDays(4).plusHours(1)); // 23 h before the expiry
        scheduler.runOnce();
        scheduler.runOnce();
        drain();
        assertThat(typesFor(userId)).containsExactlyInAnyOrder("key.expiring", "key.expiring", "key.usage_low");
        assertThat(received.stream().filter(r -> r.body().contains("key.usage_low")).findFirst().orElseThrow().body())
                .contains("\"remaining\":2", "\"threshold\":3");
        assertThat(received.stream().filter(r -> r.body().contains("\"leadTime\":\"1d\"")).count()).isEqualTo(1);

        clock.advance(Duration.ofDays(1));
        scheduler.runOnce();
        scheduler.runOnce();
        drain();
        assertThat(typesFor(userId)).filteredOn("key.expired"::equals).hasSize(1);
        assertThat(typesFor(userId)).hasSize(4);
    }

    @Test
    void aDeliveryThatNeverSucceedsFailsAfterItsLastAttempt() {
        Map<String, Object> endpoint = register(receiverUrl(), "[\"user.disabled\"]");
        answer.set(500);
        String userId = newUser(admin, "Cy");
        api.send("PATCH", "/v1/users/" + userId, "{\"status\":\"disabled\"}", admin);

        for (int attempt = 0; attempt < 6; attempt++) {
            drain();
            clock.advance(Duration.ofSeconds(61));
        }

        Map<String, Object> failed = map(((List<?>) api.get("/v1/webhooks/" + endpoint.get("id") + "/deliveries",
                admin).field("items")).get(0));
        assertThat(failed).containsEntry("status", "failed").containsEntry("attempts", 4)
                .containsEntry("nextAttemptAt", null);
        assertThat(received).hasSize(4);
    }

    @Test
    void endpointsAreAdminsOnlyListedWithoutSecretsAndDeletedWithTheirLog() {
        String reader = Api.keyWithScopes(registerUser, issueApiKey, "users:read", "keys:write");
        api.post("/v1/webhooks", "{\"url\":\"https://hooks.example.com/\",\"events\":[\"key.issued\"]}",
                "X-API-Key", reader).isProblem(403, "insufficient_scope");
        Map<String, Object> endpoint = register("https://hooks.example.com/in", "[\"key.leaked\",\"key.expiring\"]");
        String secret = (String) endpoint.get("secret");

        Api.Response list = api.get("/v1/webhooks", admin);
        assertThat(list.body()).contains((String) endpoint.get("id")).doesNotContain(secret.substring(6))
                .doesNotContain("secret");
        assertThat(api.get("/v1/webhooks", "X-API-Key", reader).status()).isEqualTo(403);

        assertThat(api.send("DELETE", "/v1/webhooks/" + endpoint.get("id"), null, admin).status()).isEqualTo(204);
        api.send("DELETE", "/v1/webhooks/" + endpoint.get("id"), null, admin).isProblem(404, "not_found");
        api.get("/v1/webhooks/" + endpoint.get("id") + "/deliveries", admin).isProblem(404, "not_found");
        api.malformed().get("/v1/webhooks/not-an-id/deliveries", admin).isProblem(404, "not_found");
    }

    @Test
    void aBadEndpointIsAClearFourHundred() {
        for (String body : List.of("{\"url\":\"ftp://x.example.com/\",\"events\":[\"key.issued\"]}",
                "{\"url\":\"https://u:p@x.example.com/\",\"events\":[\"key.issued\"]}",
                "{\"url\":\"https://x.example.com/\",\"events\":[]}",
                "{\"url\":\"https://x.example.com/\",\"events\":[\"key.exploded\"]}",
                "{\"url\":\"https://x.example.com/\"}", "{\"events\":[\"key.issued\"]}",
                "{\"url\":7,\"events\":[\"key.issued\"]}", "[]")) {
            Api.Response refused = api.malformed().post("/v1/webhooks", body, admin);
            assertThat(refused.status()).as(body + ": " + refused.body()).isEqualTo(400);
        }
        assertThat((List<?>) api.get("/v1/webhooks", admin).field("items")).isEmpty();
    }
}
