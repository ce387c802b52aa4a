package dev.latchkey.adapter.out.limits.redis;

import static dev.latchkey.adapter.out.limits.redis.RedisRateLimiterTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.limits.InMemoryFailureCounter;
import dev.latchkey.adapter.out.persistence.testsupport.CuttableTcpProxy;
import dev.latchkey.adapter.out.persistence.testsupport.RedisTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failures counted in a real Redis by two counters as by two nodes, and what happens when Redis goes. */
class RedisFailureCounterTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String client = "198.51.100." + UUID.randomUUID();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private RedisFailureCounter node(String url, int limit, int expectedNodes, SimpleMeterRegistry registry)
            throws InterruptedException {
        RedisLink link = new RedisLink(new RedisLink.Settings(url, Duration.ofMillis(200), Duration.ofMillis(200),
                "latchkey-test"));
        opened.add(link);
        await(link::reachable, "connected");
        int share = (limit + expectedNodes - 1) / expectedNodes;
        return new RedisFailureCounter(link, new InMemoryFailureCounter(share, WINDOW, 1_000), limit, WINDOW,
                registry);
    }

    @Test
    void nodesCountTogetherAndEachRefusesOnceItLearnsTheLimitWasReached() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisFailureCounter first = node(RedisTestServer.url(), 5, 2, registry);
        RedisFailureCounter second = node(RedisTestServer.url(), 5, 2, registry);

        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? first : second).count(client);
        }
        Thread.sleep(300); // the counts travel in the background
        assertThat(first.exhausted(client)).isEmpty();
        assertThat(second.exhausted(client)).isEmpty();

        first.count(client); // the fifth, all nodes together
        await(() -> first.exhausted(client).isPresent(), "the node that counted the fifth failure refuses");
        assertThat(first.exhausted(client).orElseThrow()).isPositive().isLessThanOrEqualTo(WINDOW);
        assertThat(second.exhausted(client)).isEmpty(); // it learns at the client's next failure there
        second.count(client);
        await(() -> second.exhausted(client).isPresent(), "the other node refuses after its next failure");
        assertThat(registry.counter("latchkey.redis.fallbacks", "limit", "failures").count()).isZero();
    }

    @Test
    void withoutRedisEachNodeCountsItsShareAlone() throws Exception {
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(RedisTestServer.host(), RedisTestServer.port())) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RedisFailureCounter node = node("redis://127.0.0.1:" + proxy.port(), 9, 3, registry);

            proxy.cut();
            for (int i = 0; i < 3; i++) {
                node.count(client);
            }

            await(() -> node.exhausted(client).isPresent(), "refused at its share: 9 among 3 nodes");
            assertThat(registry.counter("latchkey.redis.fallbacks", "limit", "failures").count()).isEqualTo(3);
        }
    }
}
