package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.persistence.jdbc.StoreCircuitBreaker;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code /health} of the database, read from the store's circuit breaker: DOWN from the first call that could not
 * reach it until a probe reaches it again, and DOWN as soon as no store call has completed for
 * {@code latchkey.store-health-silence} (750 ms; the change feed reads the store five times a second), so that a
 * frozen database shows before the first call times out. Answers at once and logs nothing; the breaker logs each
 * change of state once. Replaces Micronaut's JDBC indicator, which waits a full connection timeout per probe and logs
 * a stack trace each time.
 */
@Singleton
@Requires(beans = StoreCircuitBreaker.class)
class StoreHealthIndicator implements HealthIndicator {

    private final StoreCircuitBreaker breaker;
    private final Duration silence;

    StoreHealthIndicator(StoreCircuitBreaker breaker,
                         @Value("${latchkey.store-health-silence:750ms}") Duration silence,
                         @Value("${latchkey.cache.poll-interval:200ms}") Duration feedPollInterval) {
        this.breaker = breaker;
        // the feed's reads are what keeps the store answering when nothing else asks it: never shorter than three
        Duration threePolls = feedPollInterval.multipliedBy(3);
        this.silence = silence.compareTo(threePolls) > 0 ? silence : threePolls;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Duration sinceLastAnswer = breaker.sinceLastAnswer();
        boolean down = breaker.isOpen() || sinceLastAnswer.compareTo(silence) > 0;
        Map<String, Object> details = new java.util.HashMap<>();
        details.put("lastAnswerSecondsAgo", sinceLastAnswer.toMillis() / 1000.0);
        breaker.openSince().ifPresent(since -> details.put("unreachableSince", since.toString()));
        return Mono.just(HealthResult.builder("store", down ? HealthStatus.DOWN : HealthStatus.UP).details(details)
                .build());
    }
}
