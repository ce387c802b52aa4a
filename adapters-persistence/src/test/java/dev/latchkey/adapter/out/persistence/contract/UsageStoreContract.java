package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.persistence.UsageStore.BucketKey;
import dev.latchkey.adapter.out.persistence.UsageStore.Counts;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link UsageStore} must do: add counts up (never overwrite), read a range in order, purge. */
public abstract class UsageStoreContract extends OnEmptyStores {

    private static final KeyId KEY = new KeyId("AAAAAAAAAAAA");
    private static final KeyId OTHER = new KeyId("BBBBBBBBBBBB");
    private static final Instant MINUTE = Instant.parse("2026-11-22T10:15:00Z");

    @Test
    void addsCountsUpAcrossFlushes() {
        stores.usage().addAll(Map.of(new BucketKey(KEY, Granularity.MINUTE, MINUTE), new Counts(3, 1),
                new BucketKey(OTHER, Granularity.MINUTE, MINUTE), new Counts(100, 0)));
        stores.usage().addAll(Map.of(new BucketKey(KEY, Granularity.MINUTE, MINUTE), new Counts(2, 5),
                new BucketKey(KEY, Granularity.MINUTE, MINUTE.plusSeconds(60)), new Counts(7, 0),
                new BucketKey(KEY, Granularity.HOUR, Granularity.HOUR.bucketOf(MINUTE)), new Counts(12, 6)));

        assertThat(stores.usage().find(KEY, MINUTE, MINUTE.plusSeconds(120), Granularity.MINUTE)).containsExactly(
                new UsageBucket(MINUTE, 5, 6), new UsageBucket(MINUTE.plusSeconds(60), 7, 0));
        assertThat(stores.usage().find(KEY, MINUTE.plusSeconds(60), MINUTE.plusSeconds(120), Granularity.MINUTE))
                .containsExactly(new UsageBucket(MINUTE.plusSeconds(60), 7, 0));
        assertThat(stores.usage().find(KEY, Instant.parse("2026-11-22T00:00:00Z"),
                Instant.parse("2026-11-23T00:00:00Z"), Granularity.HOUR))
                .containsExactly(new UsageBucket(Instant.parse("2026-11-22T10:00:00Z"), 12, 6));
        assertThat(stores.usage().find(KEY, MINUTE, MINUTE.plusSeconds(120), Granularity.DAY)).isEmpty();
    }

    @Test
    void flushesOfSeveralNodesIntoTheSameBucketsAtOnceAllAddUp() throws Exception {
        Map<BucketKey, Counts> buckets = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            buckets.put(new BucketKey(new KeyId(String.format("K%011d", i)), Granularity.values()[i % 3],
                    MINUTE.plusSeconds(60L * (i % 7))), new Counts(1, 2));
        }
        int nodes = 3;
        int flushes = 15;
        SeveralNodes.atOnce(nodes, node -> {
            Random order = new Random(node);
            for (int flush = 0; flush < flushes; flush++) {
                List<Map.Entry<BucketKey, Counts>> shuffled = new ArrayList<>(buckets.entrySet());
                Collections.shuffle(shuffled, order); // each node's map iterates in its own order
                Map<BucketKey, Counts> counts = new LinkedHashMap<>();
                shuffled.forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
                stores.usage().addAll(counts);
            }
        });

        BucketKey any = buckets.keySet().iterator().next();
        assertThat(stores.usage().find(any.keyId(), any.start(), any.start().plusSeconds(1), any.granularity()))
                .containsExactly(new UsageBucket(any.start(), nodes * flushes, 2L * nodes * flushes));
    }

    @Test
    void purgesOneGranularityBeforeATime() {
        stores.usage().addAll(Map.of(new BucketKey(KEY, Granularity.MINUTE, MINUTE), new Counts(1, 0),
                new BucketKey(KEY, Granularity.MINUTE, MINUTE.plusSeconds(60)), new Counts(1, 0),
                new BucketKey(KEY, Granularity.HOUR, Granularity.HOUR.bucketOf(MINUTE)), new Counts(2, 0)));

        assertThat(stores.usage().purgeBefore(Granularity.MINUTE, MINUTE.plusSeconds(60), 10)).isEqualTo(1);

        assertThat(stores.usage().find(KEY, MINUTE, MINUTE.plusSeconds(120), Granularity.MINUTE))
                .containsExactly(new UsageBucket(MINUTE.plusSeconds(60), 1, 0));
        assertThat(stores.usage().find(KEY, MINUTE.minusSeconds(3600), MINUTE.plusSeconds(3600), Granularity.HOUR))
                .hasSize(1);
    }
}
