package dev.latchkey.application.port.out.verification;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.verification.RateLimitState;
import java.util.concurrent.CompletionStage;

/**
 * Takes uses of keys under their rate limits (docs/api-guide.md §6 {@code rate_limited}, the {@code RateLimit-*}
 * headers): in memory on each node, or shared by all nodes (Redis). Called on the verification path of every key that
 * has a limit, and only of those.
 */
public interface RateLimiter {

    /**
     * Takes one use of key {@code id} under {@code limit} (its current limit: a changed limit starts afresh) and
     * tells where the key stands afterwards, without blocking the caller: in memory the answer is complete at once;
     * a limiter shared over the network completes it when its store answers, on the network's thread, within its
     * timeout. Never completes exceptionally: a shared limiter that cannot reach its store answers from a local share
     * of the limit.
     */
    CompletionStage<RateLimitState> tryAcquire(KeyId id, RateLimit limit);
}
