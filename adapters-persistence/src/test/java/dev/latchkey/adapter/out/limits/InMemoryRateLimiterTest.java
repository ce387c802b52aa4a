package dev.latchkey.adapter.out.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.verification.RateLimitState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {

    private static final KeyId KEY = new KeyId("AbCdEfGhIjKl");
    private static final KeyId OTHER = new KeyId("MnOpQrStUvWx");
    private static final RateLimit THREE_A_MINUTE = new RateLimit(3, 60);

    private final ManualTime time = new ManualTime();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(1000, time, time);

    @Test
    void allowsTheLimitThenRefusesUntilAUseComesBack() {
        assertThat(take(limiter, KEY, THREE_A_MINUTE))
                .isEqualTo(new RateLimitState(true, 3, 2, Duration.ofSeconds(20), Duration.ZERO));
        take(limiter, KEY, THREE_A_MINUTE);
        assertThat(take(limiter, KEY, THREE_A_MINUTE))
                .isEqualTo(new RateLimitState(true, 3, 0, Duration.ofSeconds(60), Duration.ZERO));

        RateLimitState refused = take(limiter, KEY, THREE_A_MINUTE);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(take(limiter, OTHER, THREE_A_MINUTE).allowed()).as("another key").isTrue();

        time.advance(Duration.ofSeconds(20));
        assertThat(take(limiter, KEY, THREE_A_MINUTE).allowed()).as("one use came back").isTrue();
        assertThat(take(limiter, KEY, THREE_A_MINUTE).allowed()).isFalse();
    }

    @Test
    void aChangedLimitStartsAfresh() {
        for (int i = 0; i < 3; i++) {
            take(limiter, KEY, THREE_A_MINUTE);
        }
        assertThat(take(limiter, KEY, THREE_A_MINUTE).allowed()).isFalse();

        RateLimitState underTheNewLimit = take(limiter, KEY, new RateLimit(10, 60));

        assertThat(underTheNewLimit.allowed()).isTrue();
        assertThat(underTheNewLimit.remaining()).isEqualTo(9);
    }

    /** One use, waiting for the answer as a blocking caller does. */
    private static RateLimitState take(RateLimiter limiter, KeyId id, RateLimit limit) {
        return limiter.tryAcquire(id, limit).toCompletableFuture().join();
    }
}
