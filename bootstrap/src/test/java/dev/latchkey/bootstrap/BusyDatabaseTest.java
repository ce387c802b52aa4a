package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.adapter.out.persistence.jdbc.StoreCircuitBreaker;
import dev.latchkey.adapter.out.persistence.testsupport.CuttableTcpProxy;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import dev.latchkey.domain.apikey.KeyPrefix;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Busy is not down: with every byte between the service and the database delayed (500 ms each way, by a TCP proxy
 * the test controls: a saturated server, not a lost one), each read of the change feed takes about a second, longer
 * than the staleness bound (1 s) from one successful read to the next. Cached valid keys keep answering 200 from the
 * cache all along (never read from the store, never 503), and the breaker stays closed. A real cut still opens it,
 * and a key the cache does not hold is then 503 as before.
 */
class BusyDatabaseTest {

    /** The database server behind the proxy ({@link BusyDatabaseOnPostgreSqlTest}: PostgreSQL). */
    TestServer server() {
        return TestServer.MYSQL;
    }

    private static final String PEPPER = "busy-test-pepper-0123456789abcdef0123456";
    private static final Duration ONE_WAY_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_STALENESS = Duration.ofSeconds(1);
    /** Slow feed reads to live through: each took the cache past its staleness bound before it completed. */
    private static final int SLOW_READS = 3;

    @Test
    void cachedKeysKeepAnswering200WhileTheDatabaseIsSlowAndACutStillOpensTheBreaker() throws Exception {
        TestDatabase database = server().freshDatabase("busy");
        String adminKey = Application.newKey(KeyPrefix.DEFAULT);
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(database.host(), database.port());
             EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                     "datasources.default.url", database.urlThrough(proxy),
                     "datasources.default.username", database.user(),
                     "datasources.default.password", database.password(),
                     "latchkey.pepper", PEPPER,
                     "latchkey.bootstrap-admin-key", adminKey,
                     "micronaut.server.port", -1))) {
            ApplicationContext context = server.getApplicationContext();
            Api api = new Api(server.getURI(), context.getBean(JsonMapper.class));
            String[] admin = {"X-API-Key", adminKey};
            String userId = (String) api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
            List<String> cached = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                cached.add(issue(api, userId, admin));
            }
            String uncached = issue(api, userId, admin);
            String missed = issue(api, userId, admin);
            for (String key : cached) {
                assertThat(api.get("/v1/auth", "X-API-Key", key).status()).as("cached by a first use").isEqualTo(200);
            }
            VerificationCache cache = context.getBean(VerificationCache.class);
            StoreCircuitBreaker breaker = context.getBean(StoreCircuitBreaker.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            double bypassedBefore = requests(registry, "bypassed");
            double unavailableBefore = requests(registry, "unavailable");
            long delayedBefore = proxy.delayedChunks();

            proxy.delay(ONE_WAY_DELAY);
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicBoolean going = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (String key : cached) {
                running.add(clients.submit(() -> {
                    while (going.get()) {
                        int status = api.get("/v1/auth", "X-API-Key", key).status();
                        statuses.computeIfAbsent(status, ignored -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            // a cache miss meanwhile is read from the store on a request connection, idle for longer than half a
            // second: the pool checks it first, and a slow answer to that check is a busy database, not a lost one
            Api.Response miss = api.get("/v1/auth", "X-API-Key", missed);
            assertThat(breaker.isOpen()).as("the breaker, after a cache miss on a slow database (%s)", miss.status())
                    .isFalse();
            // the lag grows until a read succeeds, then drops to the age of that read's start: a drop from past the
            // bound is a read that completed after the cache had gone past the bound waiting for it
            Duration longestLag = Duration.ZERO;
            Duration previous = cache.feedLag();
            int slowReads = 0;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (slowReads < SLOW_READS && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
                Duration lag = cache.feedLag();
                longestLag = lag.compareTo(longestLag) > 0 ? lag : longestLag;
                if (lag.compareTo(previous) < 0 && previous.compareTo(MAX_STALENESS) > 0) {
                    slowReads++;
                }
                previous = lag;
            }
            going.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).as("clients finished").isTrue();
            for (Future<?> client : running) {
                client.get();
            }
            System.out.printf("busy figures (%s): %d slow feed reads, longest feed lag %d ms, answers %s, "
                            + "cache miss %d, %d chunks delayed%n", server(), slowReads, longestLag.toMillis(), statuses,
                    miss.status(), proxy.delayedChunks() - delayedBefore);

            assertThat(slowReads).as("feed reads that outlasted the staleness bound, within 90 s")
                    .isEqualTo(SLOW_READS);
            assertThat(statuses.keySet()).as("answers to cached valid keys while the database was slow")
                    .containsOnly(200);
            assertThat(requests(registry, "bypassed") - bypassedBefore)
                    .as("verifications sent to the store because the cache was stale").isZero();
            assertThat(requests(registry, "unavailable") - unavailableBefore).isZero();
            assertThat(breaker.isOpen()).as("the breaker, after a slow database").isFalse();

            proxy.cut();

            Instant cutDeadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!breaker.isOpen() && Instant.now().isBefore(cutDeadline)) {
                Thread.sleep(20);
            }
            assertThat(breaker.isOpen()).as("the breaker, after the database was cut").isTrue();
            Api.Response refused = api.get("/v1/auth", "X-API-Key", uncached);
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        }
    }

    private static String issue(Api api, String userId, String[] admin) {
        Api.Response issued = api.post("/v1/users/" + userId + "/keys",
                "{\"name\":\"gateway\",\"scopes\":[\"read\"]}", admin);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return (String) issued.field("key");
    }

    private static double requests(MeterRegistry registry, String result) {
        Counter counter = registry.find("latchkey.cache.requests").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }
}
