package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.cache.VerificationCache;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code /health} of the verification cache: UP while the change feed is read within the staleness bound; DEGRADED
 * while cached verdicts are served under the opt-in outage grace (a key revoked elsewhere may still be honoured);
 * DOWN once the feed is overdue past both (verification then depends on the store alone).
 */
@Singleton
class VerificationCacheHealthIndicator implements HealthIndicator {

    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "the change feed is overdue: cached verdicts are served under latchkey.cache.outage-grace", true, 1);

    private final VerificationCache cache;

    VerificationCacheHealthIndicator(VerificationCache cache) {
        this.cache = cache;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = switch (cache.freshness()) {
            case FRESH -> HealthStatus.UP;
            case DEGRADED -> DEGRADED;
            case STALE -> HealthStatus.DOWN;
        };
        return Mono.just(HealthResult.builder("verificationCache", status)
                .details(Map.of("feedLagSeconds", cache.feedLag().toMillis() / 1000.0)).build());
    }
}
