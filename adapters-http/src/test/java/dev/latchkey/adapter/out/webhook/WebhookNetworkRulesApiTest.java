package dev.latchkey.adapter.out.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * With the default network rules (no {@code latchkey.webhooks.allowed-networks}), {@code POST /v1/webhooks} refuses
 * internal targets as a validation failure naming {@code url}, and a delivery whose name has come to resolve to an
 * internal address since it was registered is not posted: the delivery log says why.
 */
@MicronautTest
@Property(name = "latchkey.webhooks.allowed-networks", value = "")
class WebhookNetworkRulesApiTest {

    /** What {@code hooks.test} resolves to now; every other name resolves to nothing. */
    private final AtomicReference<String> hooksTestAddress = new AtomicReference<>("93.184.215.14");

    @MockBean(SystemHostResolver.class)
    HostResolver resolver() {
        return host -> {
            if (!host.equals("hooks.test")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByAddress(host,
                    InetAddress.getByName(hooksTestAddress.get()).getAddress())};
        };
    }

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    RegisterUser registerUser;
    @Inject
    IssueApiKey issueApiKey;
    @Inject
    DispatchWebhooks worker;

    private String[] admin() {
        User owner = registerUser.register(new RegisterUser.Command("network rules", null, null));
        return new String[] {"X-API-Key", issueApiKey.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "test",
                Scopes.parse(List.of("admin")), Optional.empty(), Optional.empty())).plaintext()};
    }

    @Test
    void internalTargetsAreRefusedAtRegistrationAsAnInvalidUrl() {
        Api api = new Api(server.getURI(), json);
        String[] admin = admin();
        Map<String, String> refusals = Map.of(
                "http://127.0.0.1:9", "127.0.0.1 is a loopback address",
                "http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address",
                "http://10.1.2.3", "10.1.2.3 is a private address",
                "http://[::1]", "::1 is a loopback address",
                "http://localhost", "localhost names this machine",
                "http://192.168.1.1", "192.168.1.1 is a private address",
                "http://[::ffff:127.0.0.1]/", "127.0.0.1 is a loopback address",
                "http://100.64.1.1/", "100.64.1.1 is a shared (carrier-grade NAT) address",
                "http://[fd00::1]/", "fd00::1 is a unique-local address",
                "http://0.0.0.0:8080/", "0.0.0.0 is an unspecified");

        refusals.forEach((url, reason) -> {
            Api.Response refused = api.post("/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"key.issued\"]}",
                    admin).isProblem(400, "validation_failed");
            List<?> errors = (List<?>) refused.field("errors");
            assertThat(errors).as(url).singleElement().satisfies(error -> {
                assertThat(((Map<?, ?>) error).get("field")).isEqualTo("url");
                assertThat((String) ((Map<?, ?>) error).get("message")).contains(reason)
                        .contains("latchkey.webhooks.allowed-networks");
            });
        });
        assertThat((List<?>) api.get("/v1/webhooks", admin).field("items")).as("none registered")
                .noneMatch(endpoint -> refusals.containsKey(((Map<?, ?>) endpoint).get("url")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNameThatNowResolvesToAnInternalAddressIsNotPostedAndTheLogSaysWhy() throws IOException {
        Api api = new Api(server.getURI(), json);
        String[] admin = admin();
        AtomicInteger posts = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            posts.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://hooks.test:" + receiver.getAddress().getPort() + "/in";
            Api.Response registered = api.post("/v1/webhooks", "{\"url\":\"" + url
                    + "\",\"events\":[\"user.disabled\"]}", admin);
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            hooksTestAddress.set("127.0.0.1"); // the name is pointed at this machine, where the receiver listens
            String userId = (String) api.post("/v1/users", "{\"name\":\"announced\"}", admin).field("id");
            api.send("PATCH", "/v1/users/" + userId, "{\"status\":\"disabled\"}", admin);

            for (int i = 0; i < 5 && worker.runOnce(100).attempts() > 0; i++) {
                // until nothing is due
            }

            List<?> log = (List<?>) api.get("/v1/webhooks/" + registered.field("id") + "/deliveries", admin)
                    .field("items");
            assertThat(log).singleElement().satisfies(delivery -> assertThat((Map<String, Object>) delivery)
                    .containsEntry("attempts", 1).containsEntry("status", "pending")
                    .containsEntry("responseStatus", null)
                    .containsEntry("error", "not posted: hooks.test resolves to a refused address: 127.0.0.1 is a"
                            + " loopback address"));
            assertThat(posts).as("nothing reached the internal address").hasValue(0);
        } finally {
            receiver.stop(0);
        }
    }
}
