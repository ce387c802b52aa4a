package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests get a short read timeout (the store timeout); background writes do not: a last-use flush that waits on a
 * row lock longer than the request timeout completes, rather than failing as a lost database and opening the breaker.
 */
class BackgroundStatementsTest {

    /** A read timeout far shorter than the lock is held below. */
    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("Background",
            Map.of("datasources.default.data-source-properties.socketTimeout", "300"));

    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30Z");

    @Test
    void aLastUseFlushOutwaitsTheRequestReadTimeoutOnALockedRow() throws Exception {
        Stores stores = STORES.empty();
        Random random = new Random(5);
        User owner = User.register(UserId.generate(T0, random), "Ada", null, null, T0);
        stores.users().add(owner);
        ApiKey key = ApiKey.issue(ApiKeyToken.generate(KeyPrefix.DEFAULT, random),
                new SecretHasher("background-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)),
                owner.id(), "ci", Scopes.parse(List.of("process")), T0, null);
        stores.apiKeys().add(key);

        MySqlTestServerLock lock = new MySqlTestServerLock(key);
        Instant started = Instant.now();
        stores.apiKeys().recordUses(Map.of(key.id(), T0.plusSeconds(60)));
        Duration took = Duration.between(started, Instant.now());
        lock.join();

        assertThat(took).as("the flush waited for the lock, past the 300 ms read timeout")
                .isGreaterThan(Duration.ofMillis(700));
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(60));
    }

    /** Another client holds the key's row locked for a second. */
    private static final class MySqlTestServerLock {

        private final Thread holder;

        MySqlTestServerLock(ApiKey key) throws Exception {
            var database = STORES.database();
            Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT key_id FROM api_keys WHERE key_id = ? FOR UPDATE")) {
                lock.setString(1, key.id().value());
                lock.executeQuery().close();
            }
            holder = new Thread(() -> {
                try (connection) {
                    Thread.sleep(1_000);
                    connection.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            holder.start();
        }

        void join() throws InterruptedException {
            holder.join();
        }
    }
}
