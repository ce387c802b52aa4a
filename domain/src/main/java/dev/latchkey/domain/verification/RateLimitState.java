package dev.latchkey.domain.verification;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a key stands against its rate limit after one use: whether the use was allowed, the limit, the uses left,
 * the time until the whole limit is back ({@code RateLimit-Reset}) and, when refused, until the next use is allowed
 * ({@code Retry-After}).
 */
public record RateLimitState(boolean allowed, long limit, long remaining, Duration reset, Duration retryAfter) {

    public RateLimitState {
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** {@link #reset} in whole seconds, rounded up (a header never promises a reset earlier than it comes). */
    public long resetSeconds() {
        return ceilSeconds(reset);
    }

    /** {@link #retryAfter} in whole seconds, rounded up, at least 1 when the use was refused. */
    public long retryAfterSeconds() {
        return allowed ? 0 : Math.max(1, ceilSeconds(retryAfter));
    }

    private static long ceilSeconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis + 999) / 1000;
    }
}
