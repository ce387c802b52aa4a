package dev.latchkey.application.port.in.usage;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import java.time.Instant;
import java.util.List;

/** How much a key was used: valid and rejected verifications per bucket (scope {@code keys:read}). */
public interface GetKeyUsage {

    /** At most this many buckets per answer (a day of minutes is 1,440; 31 days of hours is 744). */
    int MAX_BUCKETS = 1_500;

    /**
     * The buckets of key {@code id} in [{@code from}, {@code to}); an unknown key is {@code ApiKeyNotFound}, a range
     * of more than {@link #MAX_BUCKETS} buckets or with {@code from} after {@code to} is refused.
     */
    List<UsageBucket> usage(KeyId id, Instant from, Instant to, Granularity granularity);
}
