package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Limits and accounting at HTTP level on MySQL ({@link AccountingOnPostgreSqlTest}: on PostgreSQL): the quota is
 * exact under concurrency, the rate limit holds, and N verifications leave N audit rows and N in the usage buckets.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountingTest implements TestPropertyProvider {

    private static final String ADMIN_KEY = Application.newKey(dev.latchkey.domain.apikey.KeyPrefix.DEFAULT);

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    private TestDatabase database;
    private Api api;
    private String[] admin;
    private String userId;

    /** The database server the service runs on. */
    TestServer server() {
        return TestServer.MYSQL;
    }

    @Override
    public Map<String, String> getProperties() {
        database = server().freshDatabase("accounting");
        return Map.of(
                "datasources.default.url", database.url(),
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password(),
                "latchkey.pepper", "accounting-test-pepper-0123456789abcdef",
                "latchkey.bootstrap-admin-key", ADMIN_KEY,
                "latchkey.usage.flush-interval", "200ms",
                "latchkey.throttle.max-failures", "100000");
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURI(), json);
        admin = new String[] {"X-API-Key", ADMIN_KEY};
        userId = (String) api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
    }

    private Map<String, Object> issue(String limits) {
        Api.Response issued = api.post("/v1/users/" + userId + "/keys",
                "{\"name\":\"ci\",\"scopes\":[]" + limits + "}", admin);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    /** Runs {@code uses} requests from 32 threads released together; the statuses, in no order. */
    private static List<Integer> inParallel(int uses, Callable<Integer> use) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < uses; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return use.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void twoHundredParallelUsesOfAKeyWithFiftyLeftGiveExactlyFifty() throws Exception {
        Map<String, Object> issued = issue(",\"remaining\":50");
        String key = (String) issued.get("key");

        List<Integer> statuses = inParallel(200, () -> api.get("/v1/me", "X-API-Key", key).status());

        assertThat(statuses.stream().filter(status -> status == 200).count()).isEqualTo(50);
        assertThat(statuses.stream().filter(status -> status == 403).count()).isEqualTo(150);
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("remaining")).isEqualTo(0);
    }

    @Test
    void aRateLimitOfOneHundredAMinuteAdmitsAboutOneHundredOfOneHundredFifty() throws Exception {
        String key = (String) issue(",\"rateLimit\":{\"limit\":100,\"periodSeconds\":60}").get("key");

        long started = System.nanoTime();
        List<Integer> statuses = inParallel(150, () -> api.get("/v1/auth", "X-API-Key", key).status());
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        // the bucket refills evenly, a token every 600 ms, for as long as the requests take: on a busy machine that
        // is more than the 3 s a fixed bound of 105 assumed
        long refilled = tookMillis / 600 + 1;
        assertThat(statuses.stream().filter(status -> status == 200).count()).isBetween(100L, 100L + refilled);
        assertThat(statuses).containsOnly(200, 429);
    }

    @Test
    void nVerificationsAreCountedNTimesInTheAuditSummariesAndTheUsageBuckets() throws Exception {
        Map<String, Object> issued = issue("");
        String key = (String) issued.get("key");
        String keyId = (String) issued.get("id");
        int n = 400;

        List<Integer> statuses = inParallel(n, () -> api.post("/v1/keys/verify", "{\"key\":\"" + key + "\"}",
                admin).status());
        assertThat(statuses).containsOnly(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long rows;
        long counted;
        do {
            Thread.sleep(100);
            rows = count("SELECT COALESCE(SUM(verifications), 0) FROM verification_summaries WHERE key_id = ?"
                    + " AND outcome = 'VALID'", keyId);
            counted = count("SELECT COALESCE(SUM(valid_count), 0) FROM key_usage WHERE key_id = ?"
                    + " AND granularity = 'm'", keyId);
        } while ((rows < n || counted < n) && System.nanoTime() < deadline);
        assertThat(rows).isEqualTo(n);
        assertThat(counted).isEqualTo(n);
        assertThat(count("SELECT COALESCE(SUM(valid_count), 0) FROM key_usage WHERE key_id = ? AND granularity = 'd'",
                keyId)).isEqualTo(n);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> buckets = (List<Map<String, Object>>) api.get("/v1/keys/" + keyId
                + "/usage?granularity=day", admin).field("buckets");
        assertThat(buckets.stream().mapToLong(bucket -> ((Number) bucket.get("valid")).longValue()).sum())
                .isEqualTo(n);
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
