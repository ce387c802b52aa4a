package dev.latchkey.application.port.out;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.RateLimit;
import java.time.Duration;

/**
 * Takes uses of keys under their rate limits (API.md §3 {@code rate_limited}, the {@code RateLimit-*} headers). In
 * memory on each node for now; a shared implementation (Redis) can replace it. Called on the verification path of
 * every key that has a limit: never blocks on I/O.
 */
public interface RateLimiter {

    /**
     * The outcome of one use: whether it may proceed, the uses left now, the time until the key has its whole limit
     * again ({@code RateLimit-Reset}) and, when refused, until the next use is allowed ({@code Retry-After}).
     */
    record Decision(boolean allowed, long limit, long remaining, Duration reset, Duration retryAfter) {
    }

    /** Takes one use of key {@code id} under {@code limit} (its current limit: a changed limit starts afresh). */
    Decision tryAcquire(KeyId id, RateLimit limit);
}
