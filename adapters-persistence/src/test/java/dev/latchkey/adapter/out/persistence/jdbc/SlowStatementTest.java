package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserSearch;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.ConnectionOperations;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A slow statement is not a lost database: a request whose statement waits past the store timeout (here on a row
 * another client holds locked, for as long as that request takes) fails alone, as {@link StoreUnavailable}, and the
 * circuit breaker stays closed, so the calls beside and after it are answered. A lost database still opens it
 * ({@link JdbcStoreOutageTest}). Scans run with the longer background timeout and hand their connection back with the
 * request's.
 */
class SlowStatementTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:15:30Z");
    private static final SecretHasher HASHER =
            new SecretHasher("slow-statement-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestServer.class)
    void aStatementWaitingPastTheStoreTimeoutFailsAloneAndLeavesTheBreakerClosed(TestServer server) throws Exception {
        TestDatabase database = server.freshDatabase("slow");
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "datasources.default.url", database.url(),
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password(),
                "flyway.datasources.default.enabled", true,
                // an opened breaker stays open for the rest of the test: no probe closes it behind the assertions
                "latchkey.store-probe-interval", "1h"))) {
            Users users = context.getBean(Users.class);
            ApiKeys apiKeys = context.getBean(ApiKeys.class);
            VerifiableKeys verifiableKeys = context.getBean(VerifiableKeys.class);
            StoreCircuitBreaker breaker = context.getBean(StoreCircuitBreaker.class);
            Random random = new Random(24);
            User owner = User.register(UserId.generate(T0, random), "Ada", null, null, T0);
            users.add(owner);
            ApiKey locked = issue(owner, random);
            ApiKey other = issue(owner, random);
            apiKeys.add(locked);
            apiKeys.add(other);

            try (Connection holder = DriverManager.getConnection(database.url(), database.user(), database.password())) {
                holder.setAutoCommit(false);
                try (PreparedStatement lock = holder.prepareStatement(
                        "SELECT key_id FROM api_keys WHERE key_id = ? FOR UPDATE")) {
                    lock.setString(1, locked.id().value());
                    lock.executeQuery().close();
                }

                // the row stays locked until this call has given up: it would wait for ever without a timeout
                Throwable slow = catchThrowable(() -> apiKeys.revoke(locked.id(), T0.plusSeconds(1)));

                assertThat(slow).as("the revocation that waited on the lock").isInstanceOf(StoreUnavailable.class);
                assertThat(breaker.isOpen()).as("the breaker, after a statement outwaited the store timeout")
                        .isFalse();
                assertThat(users.findById(owner.id())).isPresent();
                assertThat(verifiableKeys.findForVerification(other.id())).isPresent();
                assertThat(apiKeys.findById(locked.id()).orElseThrow().revokedAt()).isNull();
                holder.rollback();
            }

            assertThat(apiKeys.revoke(locked.id(), T0.plusSeconds(2))).as("revoked once the lock is gone")
                    .isPresent();
            assertThat(breaker.isOpen()).isFalse();
        }
    }

    /**
     * A scan runs with the background statement timeout, and its connection goes back to the pool with the request
     * timeout: with one pooled connection, the next request gets the very connection the search ran on.
     */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestServer.class)
    void aScanGivesItsConnectionBackWithTheRequestStatementTimeout(TestServer server) throws Exception {
        TestDatabase database = server.freshDatabase("slowback");
        Map<String, Object> settings = Map.of(
                "datasources.default.url", database.url(),
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password());
        try (ApplicationContext migrated = ApplicationContext.run(with(settings,
                "flyway.datasources.default.enabled", true))) {
            assertThat(migrated.getBean(Users.class).listAfter(Optional.empty(), 1)).isEmpty();
        }
        // one connection (Flyway, which takes a second one on PostgreSQL, ran above)
        try (ApplicationContext context = ApplicationContext.run(with(settings,
                "datasources.default.maximum-pool-size", 1))) {
            @SuppressWarnings("unchecked")
            ConnectionOperations<Connection> pool = context.getBean(ConnectionOperations.class);
            String request = statementTimeout(server, pool);

            assertThat(context.getBean(Users.class).searchAfter(new UserSearch("ada"), Optional.empty(), 10))
                    .isEmpty();

            assertThat(request).isIn("0.9", "900ms");
            assertThat(statementTimeout(server, pool)).as("after a search").isEqualTo(request);
        }
    }

    private static Map<String, Object> with(Map<String, Object> settings, String name, Object value) {
        Map<String, Object> more = new java.util.HashMap<>(settings);
        more.put(name, value);
        return more;
    }

    /** The statement timeout of the session the pool hands out (its only connection). */
    private static String statementTimeout(TestServer server, ConnectionOperations<Connection> pool) {
        return pool.executeRead(status -> {
            try (Statement statement = status.getConnection().createStatement();
                 ResultSet result = statement.executeQuery(server == TestServer.POSTGRESQL ? "SHOW statement_timeout"
                         : "SELECT CAST(@@SESSION.max_statement_time AS CHAR)")) {
                result.next();
                // PostgreSQL shows its unit ("900ms", "30s"); MariaDB a number of seconds ("0.900000")
                return server == TestServer.POSTGRESQL ? result.getString(1)
                        : new BigDecimal(result.getString(1)).stripTrailingZeros().toPlainString();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static ApiKey issue(User owner, Random random) {
        return ApiKey.issue(ApiKeyToken.generate(KeyPrefix.DEFAULT, random), HASHER, owner.id(), "gateway",
                Scopes.parse(List.of("read")), T0, null);
    }
}
