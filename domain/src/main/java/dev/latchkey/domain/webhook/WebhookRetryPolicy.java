package dev.latchkey.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a delivery that failed is tried again: {@code initialDelay} after the first attempt, doubling after each
 * further one up to {@code maxDelay}, and never after {@code maxAttempts} attempts in all (then the delivery has
 * failed; its log says so).
 */
public record WebhookRetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {

    /** 5 s, 10 s, 20 s, ... up to an hour apart, 16 attempts: the last about nine hours after the first. */
    public static final WebhookRetryPolicy DEFAULT = new WebhookRetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1), 16);

    public WebhookRetryPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0
                || maxAttempts < 1) {
            throw new IllegalArgumentException("a retry policy needs 0 < initialDelay <= maxDelay and 1+ attempts");
        }
    }

    /** When the next attempt is due after {@code attemptsMade} failed ones, the last at {@code now}; empty: none. */
    public Optional<Instant> nextAttempt(int attemptsMade, Instant now) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = initialDelay;
        for (int i = 1; i < attemptsMade && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return Optional.of(now.plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay));
    }
}
