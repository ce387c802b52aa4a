package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.adapter.out.persistence.testsupport.CuttableTcpProxy;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Latchkey nodes on one MySQL database ({@link TwoNodesOnPostgreSqlTest}: PostgreSQL), as behind a load
 * balancer: B reaches the database through a proxy the test can cut. What A changes holds on A at once and on B within {@code latchkey.cache.max-staleness}; B, cut off
 * from the change feed, stops serving its cached verdicts after that bound.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesTest {

    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final String ADMIN_KEY = Application.newKey(dev.latchkey.domain.apikey.KeyPrefix.DEFAULT);
    private static final String[] ADMIN = {"X-API-Key", ADMIN_KEY};

    private CuttableTcpProxy proxy;
    private EmbeddedServer nodeA;
    private EmbeddedServer nodeB;
    private Api a;
    private Api b;

    /** The database both nodes share (and B reaches through the proxy). */
    TestServer server() {
        return TestServer.MYSQL;
    }

    @BeforeAll
    void startTwoNodesOnOneDatabase() throws Exception {
        TestDatabase database = server().freshDatabase("two_nodes");
        proxy = new CuttableTcpProxy(database.host(), database.port());
        nodeA = node(database.url(), database);
        nodeB = node(database.urlThrough(proxy), database);
        a = new Api(nodeA.getURI(), nodeA.getApplicationContext().getBean(JsonMapper.class));
        b = new Api(nodeB.getURI(), nodeB.getApplicationContext().getBean(JsonMapper.class));
    }

    private static EmbeddedServer node(String url, TestDatabase database) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "datasources.default.url", url,
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password(),
                "datasources.default.connection-timeout", 1000,
                "latchkey.pepper", "two-nodes-test-pepper-0123456789abcdef",
                "latchkey.bootstrap-admin-key", ADMIN_KEY,
                "latchkey.cache.max-staleness", BOUND.toMillis() + "ms",
                "latchkey.cache.poll-interval", "200ms",
                "latchkey.webhooks.poll-interval", "100ms"));
        // the test's webhook receiver listens on loopback, which the network rules refuse unless allowed
        properties.put("latchkey.webhooks.allowed-networks", "127.0.0.1/32");
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @AfterAll
    void stop() throws Exception {
        nodeB.close();
        nodeA.close();
        proxy.close();
    }

    /**
     * Both nodes run the webhook worker every 100 ms, but only the one holding the lease passes: each event reaches
     * the receiver once (two workers would post the same due delivery twice).
     */
    @Test
    void oneNodeAtATimeDeliversWebhooksSoEachEventArrivesOnce() throws Exception {
        Map<String, Integer> arrivals = new java.util.concurrent.ConcurrentHashMap<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrivals.merge(exchange.getRequestHeaders().getFirst("webhook-id"), 1, Integer::sum);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            assertThat(a.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/\",\"events\":[\"key.issued\"]}", ADMIN).status()).isEqualTo(201);
            String userId = (String) a.post("/v1/users", "{\"name\":\"hooks\"}", ADMIN).field("id");
            for (int i = 0; i < 20; i++) {
                Api node = i % 2 == 0 ? a : b;
                assertThat(node.post("/v1/users/" + userId + "/keys", "{\"name\":\"k\",\"scopes\":[]}", ADMIN)
                        .status()).isEqualTo(201);
            }
            Instant deadline = Instant.now().plusSeconds(20);
            while (arrivals.size() < 20 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            Thread.sleep(1_000); // time for a second post of anything, were there one
            assertThat(arrivals).hasSize(20);
            assertThat(arrivals.values()).as("each event once").containsOnly(1);
        } finally {
            receiver.stop(0);
        }
    }

    private Map<String, Object> keyFor(String userId, String scopes) {
        Api.Response issued = a.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":" + scopes + "}",
                ADMIN);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    /** Issues a key (scope process) on A, waits until B has read the feed since and sees it work there: A's answer. */
    private Map<String, Object> keyKnownToB(String userId, String what) throws InterruptedException {
        Map<String, Object> issued = keyFor(userId, "[\"process\"]");
        untilBReadTheFeedSince(what, System.nanoTime());
        assertThat(auth(b, (String) issued.get("key")).status()).isEqualTo(200);
        return issued;
    }

    private String user(String name) {
        return (String) a.post("/v1/users", "{\"name\":\"" + name + "\"}", ADMIN).field("id");
    }

    private Api.Response auth(Api node, String key, String... requiredScopes) {
        return requiredScopes.length == 0 ? node.get("/v1/auth", "X-API-Key", key)
                : node.get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", String.join(",", requiredScopes));
    }

    /** Polls B until {@code refused} holds; returns how long that took after {@code since}, printed. */
    private Duration untilOnB(String what, Instant since, java.util.function.Supplier<Api.Response> request,
                              Predicate<Api.Response> refused) throws InterruptedException {
        Instant deadline = since.plus(BOUND.multipliedBy(10));
        Api.Response last = null;
        while (Instant.now().isBefore(deadline)) {
            last = request.get();
            if (refused.test(last)) {
                Duration took = Duration.between(since, Instant.now());
                System.out.printf("two nodes: %s on A enforced by B after %d ms (bound %d ms)%n", what,
                        took.toMillis(), BOUND.toMillis());
                return took;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(what + " on A still not enforced by B after 10 bounds; last answer " + last);
    }

    /**
     * Waits until B has read the change feed since {@code since} ({@link System#nanoTime()}, taken after a change on A
     * committed), so that B knows the change (a key issued: B answers an id it does not know from memory, as it answers
     * a wrong secret); returns how long that took, printed. Asks B's cache, not B's answers: a key B does not know yet
     * would be 401s counted against the test's address.
     */
    private Duration untilBReadTheFeedSince(String what, long since) throws InterruptedException {
        VerificationCache cacheOfB = nodeB.getApplicationContext().getBean(VerificationCache.class);
        while (System.nanoTime() - cacheOfB.feedLag().toNanos() <= since) {
            assertThat(Duration.ofNanos(System.nanoTime() - since)).as(what + ": B has not read the feed since")
                    .isLessThan(BOUND.multipliedBy(10));
            Thread.sleep(10);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - since);
        System.out.printf("two nodes: %s on A known to B after %d ms (bound %d ms)%n", what, took.toMillis(),
                BOUND.toMillis());
        return took;
    }

    private static Predicate<Api.Response> problem(int status, String code) {
        return response -> response.status() == status && response.body().contains("\"code\":\"" + code + "\"");
    }

    @Test
    void aKeyIssuedOnAWorksOnBAndEveryChangeOnAHoldsOnBWithinTheBound() throws Exception {
        String userId = user("Ada");
        Map<String, Object> issued = keyFor(userId, "[\"process\",\"keys:read\"]");
        long issuedAt = System.nanoTime();
        String key = (String) issued.get("key");
        String keyId = (String) issued.get("id");

        assertThat(untilBReadTheFeedSince("issue", issuedAt)).isLessThanOrEqualTo(BOUND);
        assertThat(auth(b, key).status()).as("issued on A, first use on B").isEqualTo(200);
        assertThat(auth(b, key, "process").status()).isEqualTo(200); // now cached on B

        Instant scopeRemoved = Instant.now();
        assertThat(a.send("PATCH", "/v1/keys/" + keyId, "{\"scopes\":[\"keys:read\"]}", ADMIN).status()).isEqualTo(200);
        auth(a, key, "process").isProblem(403, "insufficient_scope"); // at once on A
        assertThat(untilOnB("scope removal", scopeRemoved, () -> auth(b, key, "process"),
                problem(403, "insufficient_scope"))).isLessThanOrEqualTo(BOUND);

        Instant expiresAt = Instant.now().plusMillis(1500);
        assertThat(a.send("PATCH", "/v1/keys/" + keyId, "{\"expiresAt\":\"" + expiresAt + "\"}", ADMIN).status())
                .isEqualTo(200);
        assertThat(auth(b, key).status()).isEqualTo(200);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()));
        assertThat(untilOnB("expiry change", expiresAt, () -> auth(b, key), problem(401, "expired_key")))
                .isLessThanOrEqualTo(BOUND);

        Map<String, Object> second = keyKnownToB(userId, "second issue");
        String secondKey = (String) second.get("key");
        Instant revoked = Instant.now();
        assertThat(a.post("/v1/keys/" + second.get("id") + "/revoke", null, ADMIN).status()).isEqualTo(200);
        auth(a, secondKey).isProblem(401, "revoked_key");
        assertThat(untilOnB("revocation", revoked, () -> auth(b, secondKey), problem(401, "revoked_key")))
                .isLessThanOrEqualTo(BOUND);

        Map<String, Object> third = keyKnownToB(userId, "third issue");
        String thirdKey = (String) third.get("key");
        Instant rotated = Instant.now();
        Api.Response rotation = a.post("/v1/keys/" + third.get("id") + "/rotate", "{\"gracePeriodSeconds\":0}", ADMIN);
        assertThat(rotation.status()).as(rotation.body()).isEqualTo(201);
        assertThat(untilBReadTheFeedSince("rotation", System.nanoTime())).isLessThanOrEqualTo(BOUND);
        assertThat(auth(b, (String) rotation.field("key")).status()).as("the replacement, on B").isEqualTo(200);
        assertThat(untilOnB("rotation", rotated, () -> auth(b, thirdKey), problem(401, "expired_key")))
                .isLessThanOrEqualTo(BOUND);

        String replacement = (String) rotation.field("key");
        Instant disabled = Instant.now();
        assertThat(a.send("PATCH", "/v1/users/" + userId, "{\"status\":\"disabled\"}", ADMIN).status()).isEqualTo(200);
        auth(a, replacement).isProblem(401, "disabled_user");
        assertThat(untilOnB("owner disabled", disabled, () -> auth(b, replacement), problem(401, "disabled_user")))
                .isLessThanOrEqualTo(BOUND);
    }

    @Test
    void cutOffFromTheFeedBStopsServingCachedVerdictsAfterTheBoundAndRecovers() throws Exception {
        String key = (String) keyFor(user("Bea"), "[\"process\"]").get("key");
        untilBReadTheFeedSince("issue", System.nanoTime());
        for (int i = 0; i < 3; i++) {
            assertThat(auth(b, key).status()).isEqualTo(200);
        }

        Instant cut = Instant.now();
        proxy.cut();
        // every 200 B gives must have been asked before the bound ran out: the last feed read that succeeded began
        // before the cut; past the bound B asks the store, which is gone too (503)
        Instant lastAccepted = null;
        Api.Response answer;
        do {
            Instant asked = Instant.now();
            answer = auth(b, key);
            if (answer.status() == 200) {
                lastAccepted = asked;
            }
            assertThat(Duration.between(cut, Instant.now())).as("B answers 503 in the end").isLessThan(BOUND.multipliedBy(10));
        } while (answer.status() != 503);
        answer.isProblem(503, "unavailable");
        Duration servedCached = lastAccepted == null ? Duration.ZERO : Duration.between(cut, lastAccepted);
        System.out.printf("two nodes: B, cut off, served cached verdicts for %d ms after the cut (bound %d ms); "
                + "first 503 after %d ms%n", servedCached.toMillis(), BOUND.toMillis(),
                Duration.between(cut, Instant.now()).toMillis());
        assertThat(servedCached).isLessThanOrEqualTo(BOUND);
        for (int i = 0; i < 5; i++) {
            auth(b, key).isProblem(503, "unavailable");
        }
        assertThat(auth(a, key).status()).as("A still reads the database").isEqualTo(200);

        proxy.restore();
        Instant restored = Instant.now();
        // the store answers first; /health follows once the change feed has been read again
        while (auth(b, key).status() != 200 || b.get("/health").status() != 200) {
            assertThat(Duration.between(restored, Instant.now())).isLessThan(Duration.ofSeconds(20));
            Thread.sleep(50);
        }
        assertThat(List.of(auth(b, key).status(), auth(b, key).status())).containsOnly(200);
    }
}
