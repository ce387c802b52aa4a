package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.persistence.jdbc.StoreCircuitBreaker;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code /health} of the database, read from the store's circuit breaker: DOWN from the first call that could not
 * reach it (the change feed reads it five times a second) until a probe reaches it again. Answers at once and logs
 * nothing; the breaker logs each change of state once. Replaces Micronaut's JDBC indicator, which waits a full
 * connection timeout per probe and logs a stack trace each time.
 */
@Singleton
@Requires(beans = StoreCircuitBreaker.class)
class StoreHealthIndicator implements HealthIndicator {

    private final StoreCircuitBreaker breaker;

    StoreHealthIndicator(StoreCircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult.Builder result = HealthResult.builder("store", breaker.isOpen() ? HealthStatus.DOWN : HealthStatus.UP);
        breaker.openSince().ifPresent(since -> result.details(Map.of("unreachableSince", since.toString())));
        return Mono.just(result.build());
    }
}
