package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Limits and accounting at HTTP level on MySQL ({@link AccountingOnPostgreSqlTest}: on PostgreSQL): the quota is
 * exact under concurrency, the rate limit holds, and N verifications leave N audit rows and N in the usage buckets.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountingTest extends ApplicationOnFreshDatabase {

    private Api api;
    private String userId;

    AccountingTest() {
        super("accounting", "accounting-test-pepper-0123456789abcdef",
                Map.of("latchkey.usage.flush-interval", "200ms", "latchkey.throttle.max-failures", "100000"));
    }

    @BeforeAll
    void setUp() {
        api = api();
        userId = user("Ada");
    }

    private Map<String, Object> issue(String limits) {
        return issue(userId, "{\"name\":\"ci\",\"scopes\":[]" + limits + "}");
    }

    /** Runs {@code uses} requests from 32 threads released together; what each gave, in no order. */
    private static <T> List<T> inParallel(int uses, Callable<T> use) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> answers = new ArrayList<>();
            for (int i = 0; i < uses; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return use.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> answer : answers) {
                results.add(answer.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Exactly 50 uses are granted, none more, whatever the concurrency. Every other request is refused with
     * {@code 403 usage_exceeded}, or, when its decrement waited on the key's row lock longer than the store timeout,
     * with {@code 503 unavailable}. 200 parallel decrements of one row queue on its lock, and on a loaded machine, where
     * each commit waits for a slow disk flush, the database stops a few of them after the statement timeout (seen on
     * PostgreSQL: "canceling statement due to statement timeout ... while rechecking updated tuple"). That request alone
     * is 503, as {@link SlowQueryTest} shows, and it takes no use. A quota is a write to the store on every use, not a
     * cached verdict, so "busy is not down" does not cover it. Anything else (a 500, a 401, a use beyond the quota) fails.
     */
    @Test
    void twoHundredParallelUsesOfAKeyWithFiftyLeftGiveExactlyFifty() throws Exception {
        Map<String, Object> issued = issue(",\"remaining\":50");
        String key = (String) issued.get("key");

        List<String> outcomes = inParallel(200, () -> outcome(api.get("/v1/me", "X-API-Key", key)));

        Set<String> expected = Set.of("200", "403 usage_exceeded", "503 unavailable");
        Map<String, Long> counts = outcomes.stream().collect(Collectors.groupingBy(outcome -> expected.contains(outcome)
                ? outcome : "unexpected", TreeMap::new, Collectors.counting()));
        String seen = counts + ", unexpected answers: " + outcomes.stream()
                .filter(outcome -> !expected.contains(outcome)).distinct().limit(3).toList();
        assertThat(counts.keySet()).as(seen).isSubsetOf(expected);
        assertThat(counts.getOrDefault("200", 0L)).as(seen).isEqualTo(50L);
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("remaining")).as(seen).isEqualTo(0);
    }

    /**
     * "200", "403 usage_exceeded", "503 unavailable" for a well-formed answer of those kinds; anything else as status,
     * "unexpected" and its body.
     */
    private static String outcome(Api.Response answer) {
        if (answer.status() == 200) {
            return "200";
        }
        String contentType = String.valueOf(answer.header("Content-Type"));
        if ((answer.status() == 403 || answer.status() == 503) && contentType.startsWith("application/problem+json")) {
            Object code = answer.field("code");
            if (answer.status() == 403 && "usage_exceeded".equals(code)
                    || answer.status() == 503 && "unavailable".equals(code)) {
                return answer.status() + " " + code;
            }
        }
        return answer.status() + " unexpected " + answer.body();
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
