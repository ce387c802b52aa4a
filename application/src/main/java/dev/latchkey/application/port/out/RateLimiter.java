package dev.latchkey.application.port.out;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.verification.RateLimitState;

/**
 * Takes uses of keys under their rate limits (docs/api-guide.md §6 {@code rate_limited}, the {@code RateLimit-*} headers). In
 * memory on each node for now; a shared implementation (Redis) can replace it. Called on the verification path of
 * every key that has a limit: never blocks on I/O.
 */
public interface RateLimiter {

    /**
     * Takes one use of key {@code id} under {@code limit} (its current limit: a changed limit starts afresh) and
     * tells where the key stands afterwards.
     */
    RateLimitState tryAcquire(KeyId id, RateLimit limit);
}
