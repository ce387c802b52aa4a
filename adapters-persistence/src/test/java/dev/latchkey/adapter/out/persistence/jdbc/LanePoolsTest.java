package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.ConnectionLane;
import dev.latchkey.adapter.out.persistence.KeyChangeFeed;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import dev.latchkey.application.port.out.users.Users;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.ConnectionOperations;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The change feed and the background writers take their connections from pools of their own ({@link LanePools}):
 * with every request connection held (a request pool exhausted by slow statements), the feed is still read and a
 * writer still writes; with every feed connection held, requests still get theirs. Each lane's connections carry its
 * statement timeout: a request's 0.9 s, the feed's {@code latchkey.cache.feed-timeout}, background work's 30 s.
 */
class LanePoolsTest {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestServer.class)
    void eachLaneHasItsOwnConnectionsWithItsOwnStatementTimeout(TestServer server) throws Exception {
        TestDatabase database = server.freshDatabase("lanes");
        try (ApplicationContext context = ApplicationContext.run(settings(database.url(), database.user(),
                database.password()))) {
            ConnectionOperations<Connection> connections = connectionOperations(context);

            assertThat(inLane(ConnectionLane.REQUESTS, () -> statementTimeout(server, connections))).isEqualTo("0.9");
            assertThat(inLane(ConnectionLane.FEED, () -> statementTimeout(server, connections))).isEqualTo("5");
            assertThat(inLane(ConnectionLane.BACKGROUND, () -> statementTimeout(server, connections)))
                    .isEqualTo("30");

            assertLanesDoNotWaitForEachOther(context);
        }
    }

    @Test
    void onTheEmbeddedH2TooTheLanesDoNotWaitForEachOther() throws Exception {
        String url = "jdbc:h2:mem:lanes_" + System.nanoTime()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
        try (ApplicationContext context = ApplicationContext.run(settings(url, "sa", ""))) {
            assertLanesDoNotWaitForEachOther(context);
        }
    }

    @Test
    void aLaneSizedZeroSharesTheRequestPool() throws Exception {
        String url = "jdbc:h2:mem:lanes0_" + System.nanoTime()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
        Map<String, Object> settings = settings(url, "sa", "");
        settings.put("latchkey.store-pools.feed", 0);
        try (ApplicationContext context = ApplicationContext.run(settings)) {
            LanePools lanes = context.getBean(LanePools.class);

            assertThat(lanes.poolOf(ConnectionLane.FEED)).isEqualTo(ConnectionLane.REQUESTS);
            assertThat(lanes.poolOf(ConnectionLane.BACKGROUND)).isEqualTo(ConnectionLane.BACKGROUND);
            assertThat(inLane(ConnectionLane.FEED, () -> context.getBean(KeyChangeFeed.class).after(0, 10)))
                    .isEmpty();
        }
    }

    /**
     * Holds both request connections, then reads the feed and writes in the background lane; holds both feed
     * connections, then reads in the request lane. Each read would wait for a held connection if it shared the pool
     * (and fail after the pool's timeout): it returns while the others are still held.
     */
    private static void assertLanesDoNotWaitForEachOther(ApplicationContext context) throws Exception {
        ConnectionOperations<Connection> connections = connectionOperations(context);
        KeyChangeFeed feed = context.getBean(KeyChangeFeed.class);
        Users users = context.getBean(Users.class);
        try (Held requests = hold(ConnectionLane.REQUESTS, 2, connections)) {
            assertThat(inLane(ConnectionLane.FEED, () -> feed.after(0, 10))).isEmpty();
            assertThat(inLane(ConnectionLane.BACKGROUND, () -> users.listAfter(Optional.empty(), 1))).isEmpty();
            assertThat(requests.stillHeld()).isTrue();
        }
        try (Held feeds = hold(ConnectionLane.FEED, 2, connections)) {
            assertThat(inLane(ConnectionLane.REQUESTS, () -> users.listAfter(Optional.empty(), 1))).isEmpty();
            assertThat(feeds.stillHeld()).isTrue();
        }
    }

    private static Map<String, Object> settings(String url, String user, String password) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("datasources.default.url", url);
        settings.put("datasources.default.username", user);
        settings.put("datasources.default.password", password);
        settings.put("datasources.default.maximum-pool-size", 2);
        settings.put("flyway.datasources.default.enabled", true);
        return settings;
    }

    @SuppressWarnings("unchecked")
    private static ConnectionOperations<Connection> connectionOperations(ApplicationContext context) {
        return context.getBean(ConnectionOperations.class);
    }

    /** Runs {@code work} on a thread of {@code lane}. */
    private static <T> T inLane(ConnectionLane lane, Callable<T> work) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(lane.threads("lane-test-%d"));
        try {
            return thread.submit(work).get(30, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    /** {@code count} connections of {@code lane}, each held open by a thread of that lane until closed. */
    private static Held hold(ConnectionLane lane, int count, ConnectionOperations<Connection> connections)
            throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(count, lane.threads("lane-holder-%d"));
        CountDownLatch taken = new CountDownLatch(count);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Future<?>> holders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            holders.add(threads.submit(() -> {
                try {
                    connections.executeWrite(status -> {
                        taken.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return null;
                    });
                } catch (Throwable e) {
                    failure.set(e);
                    taken.countDown();
                }
                return null;
            }));
        }
        taken.await();
        assertThat(failure.get()).as("every connection of the lane taken").isNull();
        return new Held(threads, release, holders);
    }

    private record Held(ExecutorService threads, CountDownLatch release, List<Future<?>> holders)
            implements AutoCloseable {

        boolean stillHeld() {
            return holders.stream().noneMatch(Future::isDone);
        }

        @Override
        public void close() throws Exception {
            release.countDown();
            for (Future<?> holder : holders) {
                holder.get(30, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }
    }

    /** The statement timeout of the session the calling thread's lane hands out, in seconds. */
    private static String statementTimeout(TestServer server, ConnectionOperations<Connection> connections) {
        return connections.executeRead(status -> {
            try (Statement statement = status.getConnection().createStatement();
                 ResultSet result = statement.executeQuery(server == TestServer.POSTGRESQL
                         ? "SELECT setting FROM pg_settings WHERE name = 'statement_timeout'"
                         : "SELECT CAST(@@SESSION.max_statement_time AS CHAR)")) {
                result.next();
                BigDecimal value = new BigDecimal(result.getString(1));
                // PostgreSQL's setting is in milliseconds; MariaDB's in seconds ("0.900000")
                return (server == TestServer.POSTGRESQL ? value.movePointLeft(3) : value).stripTrailingZeros()
                        .toPlainString();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
