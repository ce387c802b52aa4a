package dev.latchkey.adapter.out.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.persistence.memory.InMemoryStores;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Counts in memory and in the store, read together: a flush between the two halves of a read loses nothing. */
class CountingUsageTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:30:15Z");
    private static final KeyId KEY = new KeyId("AbCdEfGh1234");

    /** A store whose reads can be held after they read, until the test lets them go on. */
    private static final class HeldStore implements UsageStore {
        final UsageStore stored = InMemoryStores.empty().usage();
        final CountDownLatch readDone = new CountDownLatch(1);
        final CountDownLatch goOn = new CountDownLatch(1);
        volatile boolean holdNextRead = true;

        @Override
        public void addAll(Map<BucketKey, Counts> counts) {
            stored.addAll(counts);
        }

        @Override
        public List<UsageBucket> find(KeyId id, Instant from, Instant to, Granularity granularity) {
            List<UsageBucket> found = stored.find(id, from, to, granularity);
            if (holdNextRead) {
                holdNextRead = false;
                readDone.countDown();
                try {
                    goOn.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return found;
        }

        @Override
        public int purgeBefore(Granularity granularity, Instant before, int batch) {
            return stored.purgeBefore(granularity, before, batch);
        }
    }

    @Test
    void aReadThatAFlushOverlapsStillSeesEveryCount() throws Exception {
        HeldStore store = new HeldStore();
        CountingUsage usage = new CountingUsage(store, new CountingUsage.Settings(Duration.ofHours(1),
                Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1)), new SimpleMeterRegistry(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 10; i++) {
            usage.count(KEY, i < 7, NOW);
        }

        // the read takes the store's (empty) buckets, then waits while a flush moves the counts into the store
        CompletableFuture<List<UsageBucket>> read = CompletableFuture.supplyAsync(
                () -> usage.find(KEY, NOW.minusSeconds(3600), NOW.plusSeconds(60), Granularity.HOUR));
        assertThat(store.readDone.await(10, TimeUnit.SECONDS)).isTrue();
        usage.flush();
        store.goOn.countDown();

        assertThat(read.get(10, TimeUnit.SECONDS)).singleElement()
                .satisfies(bucket -> assertThat(bucket.valid()).isEqualTo(7))
                .satisfies(bucket -> assertThat(bucket.rejected()).isEqualTo(3));
        assertThat(usage.find(KEY, NOW.minusSeconds(3600), NOW.plusSeconds(60), Granularity.HOUR))
                .as("once flushed, counted once").singleElement()
                .satisfies(bucket -> assertThat(bucket.valid()).isEqualTo(7));
    }
}
