package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.persistence.testsupport.CuttableTcpProxy;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * When the database goes away (its connections cut, or frozen so that nothing answers) the service answers 503
 * {@code unavailable} within the store timeout (never 401, never a hang), keeps its thread count, logs the outage
 * once, and recovers by itself. The database sits behind a TCP proxy the test controls, never the shared server.
 */
class DatabaseOutageTest {

    /** The database server behind the proxy ({@link DatabaseOutageOnPostgreSqlTest}: PostgreSQL). */
    TestServer server() {
        return TestServer.MYSQL;
    }

    private static final int BLOCKING_POOL_SIZE = 32;
    private static final String PEPPER = "outage-test-pepper-0123456789abcdef0123";

    @Test
    void answers503WhileTheDatabaseIsGoneAndRecovers() throws Exception {
        TestDatabase database = server().freshDatabase("outage");
        String adminKey = Application.newKey(dev.latchkey.domain.apikey.KeyPrefix.DEFAULT);
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(database.host(), database.port());
             EmbeddedServer server = start(database, proxy, adminKey)) {
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
            api.malformed().get("/v1/me").isProblem(401, "missing_key"); // no key, on purpose

            proxy.restore();

            assertThat(eventually(() -> api.get("/v1/users/" + userId, admin), 200).field("name")).isEqualTo("Ada");
            assertThat(eventually(() -> api.get("/health"), 200).field("status")).isEqualTo("UP");
        }
    }

    /**
     * The frozen database of the report: before the fix every request hung 30 s (Hikari's default wait), an outage
     * shorter than that never produced a 503, the blocking pool grew by a thread per waiting request and every
     * {@code /health} probe logged a stack trace.
     */
    @Test
    void aFrozenDatabaseIsA503WithinTheStoreTimeoutWithBoundedThreadsAndOneLogLine() throws Exception {
        TestDatabase database = server().freshDatabase("frozen");
        String adminKey = Application.newKey(dev.latchkey.domain.apikey.KeyPrefix.DEFAULT);
        ListAppender<ILoggingEvent> log = captureLogs();
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(database.host(), database.port());
             EmbeddedServer server = start(database, proxy, adminKey)) {
            Api api = new Api(server.getURI(), server.getApplicationContext().getBean(JsonMapper.class));
            String[] admin = {"X-API-Key", adminKey};
            String userId = (String) api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
            Api.Response issued = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"gateway\",\"scopes\":[\"read\"]}", admin);
            assertThat(issued.status()).as(issued.body()).isEqualTo(201);
            String key = (String) issued.field("key");
            // the test's own threads (clients, HTTP client, /health poller) exist before the first measurement, so
            // that the peak thread count compares the server before the outage with the server during it
            try (Load load = new Load(server.getURI(), List.of(
                    new String[] {"/v1/users/" + userId, "X-API-Key", adminKey},
                    new String[] {"/v1/auth", "X-API-Key", key},
                    new String[] {"/health"}))) {
                ExecutorService poller = Executors.newSingleThreadExecutor();
                poller.submit(() -> { }).get();
                PeakServerThreads threads = new PeakServerThreads();
                load.runFor(Duration.ofSeconds(2));
                int threadsBefore = threads.takePeak();
                log.list.clear();

                java.util.concurrent.CompletableFuture<Instant> healthDown = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> firstDownAfter(api, Duration.ofSeconds(6)), poller);
                Instant frozenAt = Instant.now();
                proxy.freeze();
                List<Call> during = load.runFor(Duration.ofSeconds(6));
                int threadsDuring = threads.takePeak();
                threads.close();
                Map<String, Long> serverPools = livePoolSizes();
                Call firstStore503 = during.stream()
                        .filter(call -> call.path().startsWith("/v1/users") && call.status() == 503)
                        .findFirst().orElseThrow(() -> new AssertionError("no 503 while the database was frozen"));

                Instant firstHealthDown = healthDown.get();
                poller.shutdown();

                proxy.thaw();
                Instant thawedAt = Instant.now();
                eventually(() -> api.get("/v1/users/" + userId, admin), 200);
                Duration recovery = Duration.between(thawedAt, Instant.now());
                eventually(() -> api.get("/health"), 200);

                System.out.printf("outage figures: first 503 %d ms after the freeze, /health DOWN %d ms after it, "
                                + "slowest answer %d ms, recovery %d ms after the thaw, peak threads %d (before %d), pools %s%n",
                        Duration.between(frozenAt, firstStore503.end()).toMillis(),
                        Duration.between(frozenAt, firstHealthDown).toMillis(),
                        during.stream().map(Call::took).max(Duration::compareTo).orElseThrow().toMillis(),
                        recovery.toMillis(), threadsDuring, threadsBefore, serverPools);
                assertThat(Duration.between(frozenAt, firstStore503.end())).as("first 503 after the freeze")
                        .isLessThan(Duration.ofMillis(2_500));
                assertThat(Duration.between(frozenAt, firstHealthDown)).as("/health DOWN after the freeze")
                        .isLessThan(Duration.ofMillis(1_500));
                assertThat(during).as("every request answered within the store timeout (1 s) and a margin")
                        .allSatisfy(call -> assertThat(call.took()).isLessThan(Duration.ofMillis(2_500)));
                assertThat(during).as("only 200 or 503: never 401, never 500, never a hang")
                        .allSatisfy(call -> assertThat(call.status()).isIn(200, 503));
                assertThat(during.stream().filter(call -> call.path().equals("/health")).reduce((a, b) -> b)
                        .orElseThrow().status()).as("/health at the end of the outage").isEqualTo(503);
                // the blocking pool and the verification reads' pool start their threads on demand and may fill up to
                // their fixed sizes, never past them
                assertThat(serverPools.getOrDefault("io-executor-thread-", 0L))
                        .as("blocking pool threads %s", serverPools).isLessThanOrEqualTo(BLOCKING_POOL_SIZE);
                assertThat(serverPools.getOrDefault("latchkey-verification-store-", 0L))
                        .as("verification read threads %s", serverPools).isLessThanOrEqualTo(BLOCKING_POOL_SIZE);
                assertThat(threadsDuring).as("peak server threads during the outage, against the same load before it")
                        .isLessThanOrEqualTo(threadsBefore + 2 * BLOCKING_POOL_SIZE);
                assertThat(recovery).as("recovery after the database is back").isLessThan(Duration.ofSeconds(5));
                assertThat(log.list).as("no stack traces, no errors")
                        .noneMatch(event -> event.getThrowableProxy() != null || event.getLevel().isGreaterOrEqual(Level.ERROR));
                assertThat(log.list).as("a line per change of state (store, change feed, and the last-use, audit and "
                        + "usage writers), not per request")
                        .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).hasSizeLessThanOrEqualTo(6);
                assertThat(log.list).filteredOn(event -> event.getLoggerName().endsWith("StoreCircuitBreaker"))
                        .extracting(ILoggingEvent::getFormattedMessage)
                        .anyMatch(line -> line.startsWith("store: unreachable"))
                        .anyMatch(line -> line.startsWith("store: reachable again"));
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        }
    }

    /**
     * The most live threads at once, sampled every 20 ms, but for the test proxy's: it starts two threads per
     * connection, and the pools' attempts to reconnect through a frozen proxy leave many behind.
     */
    private static final class PeakServerThreads implements AutoCloseable {
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger peak = new AtomicInteger();

        PeakServerThreads() {
            sampler.scheduleAtFixedRate(this::sample, 0, 20, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            int live = (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !thread.getName().startsWith("proxy-")).count();
            peak.accumulateAndGet(live, Math::max);
        }

        /** The peak since the last call, which starts the next. */
        synchronized int takePeak() {
            sample();
            return peak.getAndSet(0);
        }

        @Override
        public void close() {
            sampler.shutdownNow();
        }
    }

    /** How many live threads each pool has: thread names without their trailing number. */
    private static Map<String, Long> livePoolSizes() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(thread -> thread.getName().replaceAll("\\d+$", ""))
                .collect(java.util.stream.Collectors.groupingBy(name -> name, java.util.stream.Collectors.counting()));
    }

    /** Polls /health every 20 ms: when it first answered 503 (DOWN), or an error after {@code within}. */
    private static Instant firstDownAfter(Api api, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (api.get("/health").status() == 503) {
                return Instant.now();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("/health never DOWN while the database was frozen");
    }

    private static EmbeddedServer start(TestDatabase database, CuttableTcpProxy proxy, String adminKey) {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "datasources.default.url", database.urlThrough(proxy),
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password(),
                "latchkey.pepper", PEPPER,
                "latchkey.bootstrap-admin-key", adminKey,
                "micronaut.server.port", -1));
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
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

    private record Call(String path, int status, Instant end, Duration took) {
    }

    /**
     * Eight clients, each sending one request after another (about 20 a second each), in turn to each target. One
     * HTTP client and one set of client threads serve every run, started with the first.
     */
    private static final class Load implements AutoCloseable {
        private final URI base;
        private final List<String[]> targets;
        private final ExecutorService clients = Executors.newFixedThreadPool(8);
        private final ExecutorService clientIo = Executors.newFixedThreadPool(2);
        private final HttpClient client;

        Load(URI base, List<String[]> targets) {
            this.base = base;
            this.targets = targets;
            this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(clientIo).build();
        }

        @Override
        public void close() throws InterruptedException {
            clients.shutdown();
            clientIo.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).as("clients finished").isTrue();
        }

        List<Call> runFor(Duration duration) throws Exception {
            ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
            AtomicBoolean going = new AtomicBoolean(true);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int offset = c;
                running.add(clients.submit(() -> {
                    for (int i = offset; going.get(); i++) {
                        String[] target = targets.get(i % targets.size());
                        calls.add(call(client, target));
                        sleep(50);
                    }
                }));
            }
            Thread.sleep(duration.toMillis());
            going.set(false);
            for (Future<?> finished : running) {
                finished.get(30, TimeUnit.SECONDS);
            }
            List<Call> sorted = new ArrayList<>(calls);
            sorted.sort((a, b) -> a.end().compareTo(b.end()));
            return sorted;
        }

        private Call call(HttpClient client, String[] target) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(target[0])).timeout(Duration.ofSeconds(10));
            if (target.length > 1) {
                request.header(target[1], target[2]);
            }
            Instant start = Instant.now();
            int status;
            try {
                status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception timedOut) {
                status = -1;
            }
            Instant end = Instant.now();
            return new Call(target[0], status, end, Duration.between(start, end));
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
