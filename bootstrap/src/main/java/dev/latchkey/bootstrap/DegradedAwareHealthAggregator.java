package dev.latchkey.bootstrap;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.aggregator.DefaultHealthAggregator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.ApplicationConfiguration;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * The overall {@code /health}: DOWN (503) when any part is down; else DEGRADED (200: still serving, but with a
 * weaker guarantee, as with Redis lost or cached verdicts served under the outage grace) when any part is; else UP.
 * Micronaut's own aggregation reports UP over a DEGRADED part.
 */
@Singleton
@Replaces(DefaultHealthAggregator.class)
class DegradedAwareHealthAggregator extends DefaultHealthAggregator {

    DegradedAwareHealthAggregator(ApplicationConfiguration applicationConfiguration) {
        super(applicationConfiguration);
    }

    @Override
    protected HealthStatus calculateOverallStatus(List<HealthResult> results) {
        List<HealthStatus> statuses = results.stream().map(HealthResult::getStatus).toList();
        Optional<HealthStatus> down = statuses.stream()
                .filter(status -> status.getOperational().map(operational -> !operational).orElse(false)).findFirst();
        Optional<HealthStatus> degraded = statuses.stream()
                .filter(status -> !status.equals(HealthStatus.UP) && status.getOperational().orElse(false))
                .findFirst();
        return down.or(() -> degraded).orElseGet(() -> super.calculateOverallStatus(results));
    }
}
