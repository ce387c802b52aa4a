package dev.latchkey.adapter.out.persistence;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where usage counts are kept: usage counting ({@code adapter.out.accounting.CountingUsage}) adds to them and reads
 * them. Each store implements it (the contract: {@code UsageStoreContract}).
 */
public interface UsageStore {

    /** One bucket of one key. */
    record BucketKey(KeyId keyId, Granularity granularity, Instant start) {
    }

    /** Adds each count to its bucket (creating it), all in one transaction. */
    void addAll(Map<BucketKey, Counts> counts);

    List<UsageBucket> find(KeyId id, Instant from, Instant to, Granularity granularity);

    /** Deletes up to {@code batch} buckets of {@code granularity} starting before {@code before}. */
    int purgeBefore(Granularity granularity, Instant before, int batch);

    /** Valid and rejected verifications. */
    record Counts(long valid, long rejected) {

        public Counts plus(Counts other) {
            return new Counts(valid + other.valid, rejected + other.rejected);
        }
    }
}
