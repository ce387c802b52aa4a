package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.persistence.testsupport.CuttableTcpProxy;
import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** When the database goes away the service answers 503 {@code unavailable} (never 401), and recovers by itself. */
class DatabaseOutageTest {

    @Test
    void answers503WhileTheDatabaseIsGoneAndRecovers() throws Exception {
        MySqlTestServer.Database database = MySqlTestServer.freshDatabase("outage");
        String adminKey = Application.generateKey(new String[0]);
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(database.host(), database.port());
             EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                     "datasources.default.url", database.urlThrough(proxy),
                     "datasources.default.username", database.user(),
                     "datasources.default.password", database.password(),
                     "datasources.default.connection-timeout", 1000,
                     "datasources.default.validation-timeout", 500,
                     "latchkey.pepper", "outage-test-pepper-0123456789abcdef0123",
                     "latchkey.bootstrap-admin-key", adminKey,
                     "micronaut.server.port", -1))) {
            Api api = new Api(server.getURI(), server.getApplicationContext().getBean(JsonMapper.class));
            String[] admin = {"X-API-Key", adminKey};
            String userId = (String) api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");

            proxy.cut();

            Api.Response refused = eventually(() -> api.get("/v1/users/" + userId, admin), 503);
            refused.isProblem(503, "unavailable");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            api.get("/v1/me", admin).isProblem(503, "unavailable");
            assertThat(api.get("/health").status()).isEqualTo(503);
            assertThat(api.get("/livez").status()).isEqualTo(200);
            api.get("/v1/me").isProblem(401, "missing_key");

            proxy.restore();

            assertThat(eventually(() -> api.get("/v1/users/" + userId, admin), 200).field("name")).isEqualTo("Ada");
            assertThat(eventually(() -> api.get("/health"), 200).field("status")).isEqualTo("UP");
        }
    }

    /** The first response with {@code status} within 30 s (pools notice a lost server on their next use). */
    private static Api.Response eventually(Supplier<Api.Response> call, int status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Api.Response last = call.get();
        while (last.status() != status && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            last = call.get();
        }
        assertThat(last.status()).as(last.body()).isEqualTo(status);
        return last;
    }
}
