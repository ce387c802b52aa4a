package dev.latchkey.adapter.out.limits.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.limits.InMemoryRateLimiter;
import dev.latchkey.adapter.out.persistence.testsupport.CuttableTcpProxy;
import dev.latchkey.adapter.out.persistence.testsupport.RedisTestServer;
import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.verification.RateLimitState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rate limits in a real Redis, shared by two limiters as by two nodes, and what happens when Redis goes. */
class RedisRateLimiterTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofMillis(200);

    private final Random random = new Random();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private RedisLink link(String url) {
        RedisLink link = new RedisLink(new RedisLink.Settings(url, TIMEOUT, RETRY, "latchkey-test"));
        opened.add(link);
        return link;
    }

    private static RedisRateLimiter limiter(RedisLink link, int expectedNodes, SimpleMeterRegistry registry) {
        return new RedisRateLimiter(link, new InMemoryRateLimiter(1_000), expectedNodes, registry);
    }

    private KeyId newKeyId() {
        return ApiKeyToken.generate(KeyPrefix.DEFAULT, random).keyId();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void twoNodesTakeFromOneBucket() throws Exception {
        RedisLink first = link(RedisTestServer.url());
        RedisLink second = link(RedisTestServer.url());
        await(() -> first.reachable() && second.reachable(), "both connected");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<RedisRateLimiter> nodes = List.of(limiter(first, 3, registry), limiter(second, 3, registry));
        KeyId id = newKeyId();
        RateLimit limit = new RateLimit(10, 60);

        List<RateLimitState> states = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            states.add(take(nodes.get(i % 2), id, limit));
        }

        assertThat(states).filteredOn(RateLimitState::allowed).hasSize(10);
        assertThat(states.subList(0, 10)).extracting(RateLimitState::remaining)
                .containsExactly(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
        RateLimitState refused = states.get(14);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo(10);
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(6));
        assertThat(refused.reset()).isEqualTo(Duration.ofSeconds(60));
        assertThat(registry.counter("latchkey.redis.fallbacks", "limit", "rate").count()).isZero();
    }

    @Test
    void theBucketRefillsEvenlyAndAChangedLimitStartsAfresh() throws Exception {
        RedisLink link = link(RedisTestServer.url());
        await(link::reachable, "connected");
        RedisRateLimiter limiter = limiter(link, 1, new SimpleMeterRegistry());
        KeyId id = newKeyId();

        assertThat(take(limiter, id, new RateLimit(2, 1)).allowed()).isTrue();
        assertThat(take(limiter, id, new RateLimit(2, 1)).allowed()).isTrue();
        assertThat(take(limiter, id, new RateLimit(2, 1)).allowed()).isFalse();
        Thread.sleep(600); // a token comes back every 500 ms
        assertThat(take(limiter, id, new RateLimit(2, 1)).allowed()).isTrue();
        assertThat(take(limiter, id, new RateLimit(5, 1)).remaining()).isEqualTo(4);
    }

    @Test
    void withoutRedisEachNodeTakesItsShareAndGoesBackToRedisByItself() throws Exception {
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(RedisTestServer.host(), RedisTestServer.port())) {
            RedisLink link = link("redis://127.0.0.1:" + proxy.port());
            await(link::reachable, "connected through the proxy");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RedisRateLimiter limiter = limiter(link, 3, registry);
            KeyId id = newKeyId();
            RateLimit limit = new RateLimit(9, 60);
            assertThat(take(limiter, id, limit).remaining()).isEqualTo(8);

            proxy.cut();
            List<RateLimitState> whileCut = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                whileCut.add(take(limiter, id, limit));
            }

            assertThat(whileCut).filteredOn(RateLimitState::allowed).hasSize(3); // 9 shared among 3 nodes
            assertThat(whileCut.get(0).limit()).isEqualTo(3);
            assertThat(registry.counter("latchkey.redis.fallbacks", "limit", "rate").count()).isEqualTo(5);
            assertThat(link.reachable()).isFalse();

            proxy.restore();
            await(() -> take(limiter, newKeyId(), limit).limit() == 9, "back on Redis");
            assertThat(link.reachable()).isTrue();
            assertThat(take(limiter, id, limit).remaining()).isEqualTo(7); // the shared bucket, as Redis kept it
        }
    }

    @Test
    void aRedisThatStopsAnsweringNeverBlocksTheCallerAndIsLeftAloneUntilTheRetry() throws Exception {
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(RedisTestServer.host(), RedisTestServer.port())) {
            RedisLink link = link("redis://127.0.0.1:" + proxy.port());
            await(link::reachable, "connected through the proxy");
            RedisRateLimiter limiter = limiter(link, 2, new SimpleMeterRegistry());
            KeyId id = newKeyId();
            RateLimit limit = new RateLimit(10, 60);

            proxy.freeze();
            CompletableFuture<RateLimitState> first = limiter.tryAcquire(id, limit).toCompletableFuture();
            assertThat(first).as("the caller does not wait for Redis").isNotDone();
            RateLimitState firstState = first.get(2, TimeUnit.SECONDS); // the 200 ms timeout, with room to spare
            CompletableFuture<RateLimitState> second = limiter.tryAcquire(id, limit).toCompletableFuture();

            assertThat(firstState.allowed()).isTrue();
            assertThat(firstState.limit()).isEqualTo(5);
            assertThat(second).as("left alone: not even sent").isDone();
            assertThat(second.join().limit()).isEqualTo(5);
            proxy.thaw();
        }
    }

    /** One use, waiting for the answer as a blocking caller does. */
    private static RateLimitState take(RateLimiter limiter, KeyId id, RateLimit limit) {
        return limiter.tryAcquire(id, limit).toCompletableFuture().join();
    }
}
