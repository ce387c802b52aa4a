package dev.latchkey.adapter.out.limits.redis;

import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.verification.RateLimitState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rate limits shared by every node: one token bucket per key in Redis, as the in-memory limiter keeps one per node
 * ({@code limit} tokens refilled evenly over the period; a changed limit starts afresh), taken in one atomic script on
 * Redis's own clock: one round trip per use, none for keys without a limit, and the caller never blocks on it (the
 * answer arrives on Lettuce's thread). When Redis cannot answer within its timeout the node takes the use from
 * {@code local}, a bucket of its own holding its share of the limit (the limit divided among {@code expectedNodes}),
 * and counts a fallback; it goes back to Redis by itself once Redis answers.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** KEYS[1] the key's bucket; ARGV: limit, period in microseconds. Answers {allowed, tokens left, µs to wait}. */
    static final RedisLink.Script TAKE = RedisLink.Script.of("""
            local limit = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'limit', 'period')
            local tokens = limit
            if state[1] and tonumber(state[3]) == limit and tonumber(state[4]) == period then
              local elapsed = math.max(0, now - tonumber(state[2]))
              tokens = math.min(limit, tonumber(state[1]) + elapsed * limit / period)
            end
            local allowed = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', now, 'limit', limit,
              'period', period)
            redis.call('PEXPIRE', KEYS[1], math.ceil(period / 1000) + 1000)
            local wait = 0
            if allowed == 0 then
              wait = math.ceil((1 - tokens) * period / limit)
            end
            return {allowed, math.floor(tokens), wait}
            """);

    private final RedisLink redis;
    private final RateLimiter local;
    private final int expectedNodes;
    private final Counter fallbacks;

    public RedisRateLimiter(RedisLink redis, RateLimiter local, int expectedNodes, MeterRegistry registry) {
        if (expectedNodes < 1) {
            throw new IllegalArgumentException("latchkey.redis.expected-nodes must be at least 1");
        }
        this.redis = redis;
        this.local = local;
        this.expectedNodes = expectedNodes;
        this.fallbacks = Counter.builder("latchkey.redis.fallbacks").tag("limit", "rate")
                .description("rate-limited uses taken from this node's share because Redis could not answer")
                .register(registry);
    }

    @Override
    public CompletionStage<RateLimitState> tryAcquire(KeyId id, RateLimit limit) {
        long periodMicros = limit.period().toNanos() / 1_000;
        return redis.run(TAKE, new String[] {redis.key("rate", id.value())}, Integer.toString(limit.limit()),
                Long.toString(periodMicros)).thenCompose(answer -> {
                    if (answer.isEmpty()) {
                        fallbacks.increment();
                        return local.tryAcquire(id, limit.sharedAmong(expectedNodes));
                    }
                    return CompletableFuture.completedStage(stateOf(answer.get(), limit));
                });
    }

    /** The script's answer as the state of the key's limit, in the {@code RateLimit-*} headers' terms. */
    private static RateLimitState stateOf(List<Object> answer, RateLimit limit) {
        boolean allowed = ((Long) answer.get(0)) == 1;
        long remaining = (Long) answer.get(1);
        Duration wait = Duration.ofNanos(((Long) answer.get(2)) * 1_000);
        Duration reset = limit.period().multipliedBy(limit.limit() - remaining).dividedBy(limit.limit());
        return new RateLimitState(allowed, limit.limit(), remaining, reset, allowed ? Duration.ZERO : wait);
    }
}
