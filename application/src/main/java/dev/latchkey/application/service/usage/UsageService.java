package dev.latchkey.application.service.usage;

import dev.latchkey.application.port.in.usage.GetKeyUsage;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.usage.UsageCounts;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.ApiKeyNotFound;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A key's usage per minute, hour or day. */
public final class UsageService implements GetKeyUsage {

    private final ApiKeys apiKeys;
    private final UsageCounts usage;

    public UsageService(ApiKeys apiKeys, UsageCounts usage) {
        this.apiKeys = apiKeys;
        this.usage = usage;
    }

    @Override
    public List<UsageBucket> usage(KeyId id, Instant from, Instant to, Granularity granularity) {
        if (from.isAfter(to)) {
            throw new InvalidValueException("from", "from must not be after to");
        }
        Instant first = granularity.bucketOf(from);
        long buckets = Duration.between(first, to).dividedBy(granularity.length()) + 1;
        if (buckets > MAX_BUCKETS) {
            throw new InvalidValueException("to", "at most " + MAX_BUCKETS + " " + granularity.wireName()
                    + " buckets per request: narrow from and to, or use a coarser granularity");
        }
        if (apiKeys.findById(id).isEmpty()) {
            throw new ApiKeyNotFound(id);
        }
        return usage.find(id, first, to, granularity);
    }
}
