package dev.latchkey.application.port.out.usage;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import java.time.Instant;
import java.util.List;

/** Counts each key's valid and rejected verifications per minute, hour and day. */
public interface UsageCounts {

    /** Counts one verification of key {@code id} at {@code at}; in memory, never blocks. */
    void count(KeyId id, boolean valid, Instant at);

    /** The buckets of key {@code id} starting in [{@code from}, {@code to}), oldest first; empty buckets left out. */
    List<UsageBucket> find(KeyId id, Instant from, Instant to, Granularity granularity);
}
