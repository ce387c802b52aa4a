package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.adapter.out.limits.redis.RedisLink;
import dev.latchkey.adapter.out.persistence.testsupport.RedisTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A key rotated while both nodes of a cluster (one MySQL database, one Redis for rate limits) have the old key cached:
 * during the grace the old and the new key, used through either node, get exactly the uses one key had left, of its
 * quota and of its rate limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RotationAcrossNodesTest {

    private static final String ADMIN_KEY = Application.newKey(dev.latchkey.domain.apikey.KeyPrefix.DEFAULT);
    private static final String[] ADMIN = {"X-API-Key", ADMIN_KEY};

    private EmbeddedServer nodeA;
    private EmbeddedServer nodeB;
    private Api a;
    private Api b;
    private String userId;

    @BeforeAll
    void startTwoNodes() throws InterruptedException {
        TestDatabase database = TestServer.MYSQL.freshDatabase("rotation_nodes");
        String namespace = "rotation-test-" + UUID.randomUUID();
        nodeA = node(database, namespace);
        nodeB = node(database, namespace);
        a = new Api(nodeA.getURI(), nodeA.getApplicationContext().getBean(JsonMapper.class));
        b = new Api(nodeB.getURI(), nodeB.getApplicationContext().getBean(JsonMapper.class));
        userId = (String) a.post("/v1/users", "{\"name\":\"Ada\"}", ADMIN).field("id");
        for (EmbeddedServer node : List.of(nodeA, nodeB)) {
            RedisLink redis = node.getApplicationContext().getBean(RedisLink.class);
            for (int wait = 0; !redis.reachable(); wait++) { // a slow first connection: the link retries by itself
                assertThat(wait).as("the node reaches Redis at " + RedisTestServer.url()).isLessThan(600);
                Thread.sleep(50);
            }
        }
    }

    private static EmbeddedServer node(TestDatabase database, String redisNamespace) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "datasources.default.url", database.url(),
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password(),
                "latchkey.pepper", "rotation-nodes-test-pepper-0123456789abcdef",
                "latchkey.bootstrap-admin-key", ADMIN_KEY,
                "latchkey.redis.url", RedisTestServer.url(),
                "latchkey.redis.namespace", redisNamespace,
                "latchkey.redis.timeout", "2s", // a noisy machine: a slow answer must not send a node to its own share
                "latchkey.redis.retry-interval", "200ms"));
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @AfterAll
    void stop() {
        nodeB.close();
        nodeA.close();
    }

    /** Issues a key with {@code limits}, uses it once on each node (cached on both), rotates it on A: old, new. */
    private String[] usedOnBothThenRotated(String limits) {
        Api.Response issued = a.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]" + limits + "}",
                ADMIN);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String old = (String) issued.field("key");
        assertThat(a.get("/v1/auth", "X-API-Key", old).status()).isEqualTo(200);
        untilBReadTheFeedSince(System.nanoTime()); // B answers an id it does not know yet as unknown
        assertThat(b.get("/v1/auth", "X-API-Key", old).status()).isEqualTo(200);
        Api.Response rotated = a.post("/v1/keys/" + issued.field("id") + "/rotate", "{\"gracePeriodSeconds\":3600}",
                ADMIN);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        untilBReadTheFeedSince(System.nanoTime()); // B knows the replacement, issued on A
        return new String[] {old, (String) rotated.field("key")};
    }

    /** Waits until B has read the change feed since {@code since} ({@link System#nanoTime()}), so B knows the key. */
    private void untilBReadTheFeedSince(long since) {
        VerificationCache cacheOfB = nodeB.getApplicationContext().getBean(VerificationCache.class);
        while (System.nanoTime() - cacheOfB.feedLag().toNanos() <= since) {
            assertThat(Duration.ofNanos(System.nanoTime() - since)).as("B has not read the feed since the issue")
                    .isLessThan(Duration.ofSeconds(30));
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
    }

    /** Each key on each node in turn, {@code rounds} times: the statuses. */
    private List<Integer> useEverywhere(String[] keys, int rounds) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            for (Api node : List.of(a, b)) {
                for (String key : keys) {
                    statuses.add(node.get("/v1/auth", "X-API-Key", key).status());
                }
            }
        }
        return statuses;
    }

    @Test
    void theOldAndTheNewKeyShareOneQuotaOnEveryNode() {
        String[] keys = usedOnBothThenRotated(",\"remaining\":6");

        List<Integer> statuses = useEverywhere(keys, 2);

        assertThat(statuses).filteredOn(status -> status == 200).as("%s", statuses).hasSize(4);
        assertThat(statuses).filteredOn(status -> status != 200).containsOnly(403);
    }

    @Test
    void theOldAndTheNewKeyShareOneRateLimitBucketInRedis() {
        String[] keys = usedOnBothThenRotated(",\"rateLimit\":{\"limit\":5,\"periodSeconds\":3600}");

        List<Integer> statuses = useEverywhere(keys, 2);

        assertThat(statuses).filteredOn(status -> status == 200).as("%s", statuses).hasSize(3);
        assertThat(statuses).filteredOn(status -> status != 200).containsOnly(429);
    }
}
