package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.limits.InMemoryFailureCounter;
import dev.latchkey.adapter.out.limits.InMemoryRateLimiter;
import dev.latchkey.adapter.out.limits.redis.RedisFailureCounter;
import dev.latchkey.adapter.out.limits.redis.RedisLink;
import dev.latchkey.adapter.out.limits.redis.RedisRateLimiter;
import dev.latchkey.application.port.out.verification.FailureCounter;
import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.adapter.out.limits.redis.RedisFailureCounter;
import dev.latchkey.adapter.out.limits.redis.RedisLink;
import dev.latchkey.adapter.out.limits.redis.RedisRateLimiter;
import dev.latchkey.adapter.out.limits.InMemoryFailureCounter;
import dev.latchkey.adapter.out.limits.InMemoryRateLimiter;
import dev.latchkey.application.port.out.verification.FailureCounter;
import dev.latchkey.application.port.out.verification.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Rate limits and failure counters: on this node alone, or shared by every node through Redis when
 * {@code latchkey.redis.url} ({@code LATCHKEY_REDIS_URL}) is set, each node then falling back to its share of the
 * limits ({@code latchkey.redis.expected-nodes}) while Redis cannot be reached (docs/cluster.md).
 */
@Factory
class SharedLimitsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "latchkey.redis.url", pattern = ".*\\S.*")
    RedisLink redisLink(@Value("${latchkey.redis.url}") String url,
                        @Value("${latchkey.redis.timeout:100ms}") Duration timeout,
                        @Value("${latchkey.redis.retry-interval:1s}") Duration retryInterval,
                        @Value("${latchkey.redis.namespace:latchkey}") String namespace) {
        return new RedisLink(new RedisLink.Settings(url, timeout, retryInterval, namespace));
    }

    /** Per-key token buckets (docs/api-guide.md §6 rate_limited): in Redis when there is one, else on this node. */
    @Singleton
    RateLimiter rateLimiter(Optional<RedisLink> redis,
                            @Value("${latchkey.rate-limit.max-keys:1000000}") long maxKeys,
                            @Value("${latchkey.redis.expected-nodes:1}") int expectedNodes, MeterRegistry registry) {
        RateLimiter onThisNode = new InMemoryRateLimiter(maxKeys);
        return redis.<RateLimiter>map(link -> new RedisRateLimiter(link, onThisNode, expectedNodes, registry))
                .orElse(onThisNode);
    }

    /**
     * Failed authentications per client address (docs/api-guide.md §6 too_many_failures): in Redis when there is one,
     * else on this node; what a node knows of them lives in a table of {@code max-clients} slots (a power of two, 20
     * bytes each) allocated at start, whatever the number of addresses.
     */
    @Singleton
    FailureCounter failureCounter(Optional<RedisLink> redis,
                                  @Value("${latchkey.throttle.max-failures:50}") int maxFailures,
                                  @Value("${latchkey.throttle.window:5m}") Duration window,
                                  @Value("${latchkey.throttle.max-clients:1048576}") long maxClients,
                                  @Value("${latchkey.redis.expected-nodes:1}") int expectedNodes,
                                  MeterRegistry registry) {
        if (redis.isEmpty()) {
            return new InMemoryFailureCounter(maxFailures, window, maxClients, registry);
        }
        int share = Math.max(1, (maxFailures + expectedNodes - 1) / expectedNodes);
        return new RedisFailureCounter(redis.get(), new InMemoryFailureCounter(share, window, maxClients, registry),
                maxFailures, window, registry);
    }
}
