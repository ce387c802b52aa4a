package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import java.time.Duration;

/** A key's rate limit (docs/api-guide.md §6): at most {@code limit} uses per {@code periodSeconds}. */
public record RateLimit(int limit, int periodSeconds) {

    public static final int MAX_LIMIT = 1_000_000;
    public static final int MAX_PERIOD_SECONDS = 86_400;

    public RateLimit {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("rateLimit", "rateLimit.limit must be 1-" + MAX_LIMIT);
        }
        if (periodSeconds < 1 || periodSeconds > MAX_PERIOD_SECONDS) {
            throw new InvalidValueException("rateLimit", "rateLimit.periodSeconds must be 1-" + MAX_PERIOD_SECONDS);
        }
    }

    public Duration period() {
        return Duration.ofSeconds(periodSeconds);
    }

    /**
     * One node's share of this limit when {@code nodes} nodes each enforce their own: the limit divided among them,
     * rounded up (so that no share is zero and the nodes together admit at least the limit), over the same period.
     */
    public RateLimit sharedAmong(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a limit is shared among at least one node");
        }
        return nodes == 1 ? this : new RateLimit((limit + nodes - 1) / nodes, periodSeconds);
    }
}
