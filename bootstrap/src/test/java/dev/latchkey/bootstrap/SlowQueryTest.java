package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A slow query is not an outage: while one request's statement waits on a row that another client holds locked,
 * for longer than the store timeout (the lock is held until that request has been answered), that request is 503,
 * and cached verifications, other calls and {@code /health} go on answering, during it and after it.
 */
class SlowQueryTest {

    private static final String PEPPER = "slow-query-test-pepper-0123456789abcdef01";

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestServer.class)
    void aStatementOutwaitingTheStoreTimeoutIsA503ForItsRequestAlone(TestServer database) throws Exception {
        TestDatabase db = database.freshDatabase("slowquery");
        String adminKey = Application.newKey(dev.latchkey.domain.apikey.KeyPrefix.DEFAULT);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "datasources.default.url", db.url(),
                "datasources.default.username", db.user(),
                "datasources.default.password", db.password(),
                "latchkey.pepper", PEPPER,
                "latchkey.bootstrap-admin-key", adminKey,
                // an opened breaker would stay open for the rest of the test: no probe closes it behind the asserts
                "latchkey.store-probe-interval", "1h",
                "micronaut.server.port", -1))) {
            Api api = new Api(server.getURI(), server.getApplicationContext().getBean(JsonMapper.class));
            String[] admin = {"X-API-Key", adminKey};
            String userId = (String) api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
            Api.Response quota = api.post("/v1/users/" + userId + "/keys",
                    "{\"name\":\"metered\",\"scopes\":[],\"remaining\":5}", admin);
            assertThat(quota.status()).as(quota.body()).isEqualTo(201);
            String gateway = (String) api.post("/v1/users/" + userId + "/keys",
                    "{\"name\":\"gateway\",\"scopes\":[\"read\"]}", admin).field("key");
            assertThat(api.get("/v1/auth", "X-API-Key", gateway).status()).as("cached").isEqualTo(200);

            try (Connection holder = DriverManager.getConnection(db.url(), db.user(), db.password())) {
                holder.setAutoCommit(false);
                try (PreparedStatement lock = holder.prepareStatement(
                        "SELECT key_id FROM api_keys WHERE key_id = ? FOR UPDATE")) {
                    lock.setString(1, (String) quota.field("id"));
                    lock.executeQuery().close();
                }

                // the use of the metered key waits on its row, which stays locked until this request is answered
                api.get("/v1/me", "X-API-Key", (String) quota.field("key")).isProblem(503, "unavailable");

                assertThat(api.get("/v1/auth", "X-API-Key", gateway).status()).as("cached verification")
                        .isEqualTo(200);
                assertThat(api.get("/v1/users/" + userId, admin).status()).as("another call").isEqualTo(200);
                assertThat(api.get("/health").status()).as("/health").isEqualTo(200);
                holder.rollback();
            }

            Api.Response used = api.get("/v1/me", "X-API-Key", (String) quota.field("key"));
            assertThat(used.status()).as(used.body()).isEqualTo(200);
            assertThat(api.get("/v1/auth", "X-API-Key", gateway).status()).isEqualTo(200);
        }
    }
}
