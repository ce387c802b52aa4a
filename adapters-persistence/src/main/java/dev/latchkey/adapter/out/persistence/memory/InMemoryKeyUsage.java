package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Usage buckets in memory. */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryKeyUsage implements UsageStore {

    private final Map<BucketKey, Counts> buckets = new ConcurrentHashMap<>();

    @Override
    public void addAll(Map<BucketKey, Counts> counts) {
        counts.forEach((key, more) -> buckets.merge(key, more, Counts::plus));
    }

    @Override
    public List<UsageBucket> find(KeyId id, Instant from, Instant to, Granularity granularity) {
        return buckets.entrySet().stream()
                .filter(entry -> entry.getKey().keyId().equals(id) && entry.getKey().granularity() == granularity
                        && !entry.getKey().start().isBefore(from) && entry.getKey().start().isBefore(to))
                .map(entry -> new UsageBucket(entry.getKey().start(), entry.getValue().valid(),
                        entry.getValue().rejected()))
                .sorted(Comparator.comparing(UsageBucket::start))
                .toList();
    }

    @Override
    public int purgeBefore(Granularity granularity, Instant before, int batch) {
        List<BucketKey> old = buckets.keySet().stream()
                .filter(key -> key.granularity() == granularity && key.start().isBefore(before)).limit(batch).toList();
        old.forEach(buckets::remove);
        return old.size();
    }
}
