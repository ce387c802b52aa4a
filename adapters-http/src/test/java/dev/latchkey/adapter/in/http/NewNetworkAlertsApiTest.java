package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import dev.latchkey.adapter.out.accounting.NewNetworkWatch;
import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * New-network alerts end to end: keys used (through {@code X-Forwarded-For} from a trusted proxy, the test client
 * 127.0.0.1) from IPv4 /24s, the summaries written, the watch deciding, and {@code key.new_network} in the audit trail
 * and at a webhook receiver. The wiring's watch does not run on its own here: a test decides when it asks.
 */
@MicronautTest
@Property(name = "latchkey.http.trusted-proxies", value = "127.0.0.1/32")
@Property(name = "latchkey.alerts.max-networks-per-key", value = "3")
class NewNetworkAlertsApiTest extends AdminAndUserApiTest {

    private static final String XFF = ClientAddresses.FORWARDED_FOR;

    @Inject
    SummarisedVerificationEvents summaries;
    @Inject
    NewNetworkWatch watch;
    @Inject
    DispatchWebhooks worker;

    private com.sun.net.httpserver.HttpServer receiver;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    NewNetworkAlertsApiTest() {
        super("audit:read");
    }

    @BeforeEach
    void listen() throws Exception {
        receiver = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        api.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/\",\"events\":[\"key.new_network\"]}", admin);
    }

    @AfterEach
    void stopListening() {
        receiver.stop(0);
    }

    /** Uses {@code key} from {@code address}, then writes the summaries and decides what they mean. */
    private void useFrom(String key, String address) {
        assertThat(api.get("/v1/me", "X-API-Key", key, XFF, address).status()).isEqualTo(200);
        summaries.flush();
        watch.decide();
    }

    /** The key's new-network webhooks, delivered (every delivery due is attempted). */
    private List<String> webhooksOf(Object keyId) {
        for (int i = 0; i < 5 && worker.runOnce(100).attempts() > 0; i++) {
            // deliver what is due
        }
        return bodies.stream().filter(body -> body.contains("\"keyId\":\"" + keyId + "\"")).toList();
    }

    private List<Map<String, Object>> auditedOf(Object keyId) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) api.get(
                "/v1/audit-events?type=key.new_network&keyId=" + keyId, admin).field("items");
        return items;
    }

    @Test
    void aKeyUsedFromANewNetworkIsAnnouncedOnceAndItsFirstNetworkIsNot() {
        Map<String, Object> issued = issueKey(admin, userId, "{\"name\":\"deploy\",\"scopes\":[]}");
        String key = (String) issued.get("key");
        Object keyId = issued.get("id");
        assertThat(issued.get("alerts")).isEqualTo(Map.of("newNetwork", true));

        useFrom(key, "203.0.113.5");
        assertThat(auditedOf(keyId)).as("the first network is the key's deployment").isEmpty();

        useFrom(key, "198.51.100.7");
        useFrom(key, "198.51.100.200"); // the same /24
        useFrom(key, "203.0.113.99"); // the first /24 again

        List<Map<String, Object>> audited = auditedOf(keyId);
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0)).containsEntry("type", "key.new_network").containsEntry("clientIp", "198.51.100.7")
                .containsEntry("userId", userId);
        assertThat((String) audited.get(0).get("detail")).contains("198.51.100.0/24");
        List<String> webhooks = webhooksOf(keyId);
        assertThat(webhooks).hasSize(1);
        assertThat(webhooks.get(0)).startsWith("{\"type\":\"key.new_network\"")
                .contains("\"userId\":\"" + userId + "\"", "\"alert\":\"new_network\"",
                        "\"network\":\"198.51.100.0/24\"", "\"clientIp\":\"198.51.100.7\"", "\"firstSeen\":\"")
                .doesNotContain(key).doesNotContain(key.substring(key.length() - 20));
    }

    @Test
    void aKeyWithTheAlertOffIsRememberedSilentlyAndATurnedOnAlertSpeaksOfNetworksNewSinceOnly() {
        Map<String, Object> issued = issueKey(admin, userId,
                "{\"name\":\"quiet\",\"scopes\":[],\"alerts\":{\"newNetwork\":false}}");
        String key = (String) issued.get("key");
        Object keyId = issued.get("id");
        assertThat(issued.get("alerts")).isEqualTo(Map.of("newNetwork", false));

        useFrom(key, "203.0.113.5");
        useFrom(key, "198.51.100.7");
        assertThat(auditedOf(keyId)).isEmpty();
        ConsoleClient console = new ConsoleClient(server.getURI());
        console.signIn(admin[1]);
        assertThat(console.get("/console/keys/" + keyId).html()).contains("id=\"key-new-network-alert\">off<");

        Api.Response on = api.send("PATCH", "/v1/keys/" + keyId, "{\"alerts\":{\"newNetwork\":true}}", admin);
        assertThat(on.field("alerts")).isEqualTo(Map.of("newNetwork", true));
        useFrom(key, "198.51.100.8"); // remembered while the alert was off
        assertThat(auditedOf(keyId)).isEmpty();
        useFrom(key, "192.0.2.1");
        assertThat(auditedOf(keyId)).singleElement().satisfies(event ->
                assertThat(event).containsEntry("clientIp", "192.0.2.1"));
        assertThat(api.get("/v1/keys/" + keyId, admin).field("alerts")).isEqualTo(Map.of("newNetwork", true));
    }

    @Test
    void pastTheMaximumTheLimitIsToldOnceAndThenNothing() {
        Map<String, Object> issued = issueKey(admin, userId, "{\"name\":\"roaming\",\"scopes\":[]}");
        String key = (String) issued.get("key");
        Object keyId = issued.get("id");

        for (String address : List.of("203.0.113.5", "198.51.100.7", "192.0.2.1", "100.64.0.1", "100.64.1.1",
                "100.64.2.1")) {
            useFrom(key, address);
        }

        List<Map<String, Object>> audited = auditedOf(keyId);
        assertThat(audited).as("two new networks, then the limit of 3").hasSize(3);
        assertThat(audited.get(0)).containsEntry("code", "LIMIT_REACHED").containsEntry("clientIp", "100.64.0.1");
        assertThat(webhooksOf(keyId)).filteredOn(body -> body.contains("\"alert\":\"limit_reached\""))
                .singleElement().satisfies(body -> assertThat(body).contains("\"maxNetworks\":3",
                        "\"network\":\"100.64.0.0/24\""));
    }

    @Test
    void alertsThatAreNotAnObjectOfBooleansAreAClearFourHundred() {
        issueKeyProblem("{\"name\":\"x\",\"scopes\":[],\"alerts\":{\"newNetwork\":\"no\"}}");
        Map<String, Object> issued = issueKey(admin, userId, "{\"name\":\"deploy\",\"scopes\":[]}");
        String path = "/v1/keys/" + issued.get("id");
        api.malformed().send("PATCH", path, "{\"alerts\":5}", admin).isProblem(400, "validation_failed");
        api.malformed().send("PATCH", path, "{\"alerts\":{\"newNetwork\":1}}", admin)
                .isProblem(400, "validation_failed");
        assertThat(api.get(path, admin).field("alerts")).isEqualTo(Map.of("newNetwork", true));
        Api.Response reset = api.send("PATCH", path, "{\"alerts\":{\"newNetwork\":false}}", admin);
        assertThat(reset.field("alerts")).isEqualTo(Map.of("newNetwork", false));
        assertThat(api.send("PATCH", path, "{\"alerts\":null}", admin).field("alerts"))
                .as("null: every alert on").isEqualTo(Map.of("newNetwork", true));
    }

    private void issueKeyProblem(String body) {
        api.malformed().post("/v1/users/" + userId + "/keys", body, admin).isProblem(400, "validation_failed");
    }
}
