package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.limits.redis.RedisLink;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code /health} of Redis, when the node uses it: UP while it answers; DEGRADED (still serving) while it does not,
 * as each node then enforces its own share of the rate limits and failure counts. Never DOWN: verification goes on
 * without Redis. Answers at once from the link's last call or check (one every latchkey.redis.retry-interval).
 */
@Singleton
@Requires(beans = RedisLink.class)
class RedisHealthIndicator implements HealthIndicator {

    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "Redis cannot be reached: each node enforces its share of the limits (latchkey.redis.expected-nodes)",
            true, 1);

    private final RedisLink redis;

    RedisHealthIndicator(RedisLink redis) {
        this.redis = redis;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean reachable = redis.reachable();
        return Mono.just(HealthResult.builder("redis", reachable ? HealthStatus.UP : DEGRADED)
                .details(Map.of("at", redis.where(), "limits", reachable ? "shared" : "this node's share")).build());
    }
}
