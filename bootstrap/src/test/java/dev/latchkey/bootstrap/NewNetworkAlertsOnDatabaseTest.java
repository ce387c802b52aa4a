package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * New-network alerts as the service wires them, on MySQL (MariaDB): the summaries' flush hands the valid uses to the
 * watch's own thread, which decides in the store and writes the audit event and the webhook outbox row together; the
 * webhook worker then delivers {@code key.new_network} to a receiver on this machine.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewNetworkAlertsOnDatabaseTest extends ApplicationOnFreshDatabase {

    NewNetworkAlertsOnDatabaseTest() {
        super("newnetworks", "new-networks-test-pepper-0123456789abcdef",
                Map.of("latchkey.http.trusted-proxies", "127.0.0.1/32",
                        "latchkey.webhooks.allowed-networks", "127.0.0.1/32"));
    }

    @Test
    void aKeyUsedFromASecondNetworkIsAnnouncedByTheServiceItself() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        CountDownLatch announced = new CountDownLatch(1);
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            announced.countDown();
        });
        receiver.start();
        try {
            Api api = api();
            api.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/\",\"events\":[\"key.new_network\"]}", admin);
            Map<String, Object> issued = issue(user("Ada"), "{\"name\":\"deploy\",\"scopes\":[]}");
            String key = (String) issued.get("key");

            assertThat(api.get("/v1/me", "X-API-Key", key, "X-Forwarded-For", "203.0.113.5").status()).isEqualTo(200);
            assertThat(api.get("/v1/me", "X-API-Key", key, "X-Forwarded-For", "2001:db8:7:1::9").status())
                    .isEqualTo(200);

            assertThat(announced.await(60, TimeUnit.SECONDS)).as("a key.new_network webhook").isTrue();
            assertThat(bodies).singleElement().satisfies(body -> assertThat(body)
                    .startsWith("{\"type\":\"key.new_network\"")
                    .contains("\"keyId\":\"" + issued.get("id") + "\"", "\"network\":\"2001:db8:7::/48\"",
                            "\"clientIp\":\"2001:db8:7:1:0:0:0:9\"")
                    .doesNotContain(key));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> audited = (List<Map<String, Object>>) api.get(
                    "/v1/audit-events?type=key.new_network&keyId=" + issued.get("id"), admin).field("items");
            assertThat(audited).singleElement().satisfies(event -> assertThat(event)
                    .containsEntry("clientIp", "2001:db8:7:1:0:0:0:9")); // as the trail writes it
        } finally {
            receiver.stop(0);
        }
    }
}
