package dev.latchkey.adapter.out.accounting;

import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.application.port.out.usage.UsageCounts;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage counted in memory, per key and minute, and added to the {@link UsageStore} every {@code flushInterval}: each
 * minute's count goes into its minute, hour and day bucket as an increment, so flushes of any number of nodes add
 * up. A counter keeps its running total and what of it was flushed; only the difference is written, and only once
 * the store took it is it marked flushed (a failed flush is tried again, nothing is counted twice). Reads add what
 * this node has not flushed yet; a read that a flush overlapped is made again (a flush moves counts from memory to
 * the store, and a read of the store before it and of memory after it would see them in neither). Old buckets are
 * purged per granularity's retention.
 */
public final class CountingUsage implements UsageCounts, AutoCloseable {

    /** How often counts are written, and how long each granularity's buckets are kept. */
    public record Settings(Duration flushInterval, Duration minuteRetention, Duration hourRetention,
                           Duration dayRetention) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CountingUsage.class);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final int PURGE_BATCH = 5_000;
    /** A minute's counter is dropped this long after the minute ended, once everything in it was flushed. */
    private static final Duration KEEP_COUNTER = Duration.ofMinutes(2);

    private record Minute(KeyId keyId, Instant start) {
    }

    private static final class Counter {
        final LongAdder valid = new LongAdder();
        final LongAdder rejected = new LongAdder();
        long flushedValid;
        long flushedRejected;
    }

    private final UsageStore store;
    private final Settings settings;
    private final Clock clock;
    private final ConcurrentHashMap<Minute, Counter> counters = new ConcurrentHashMap<>();
    /** Flushes begun and ended: odd while one is moving counts from memory to the store. */
    private final AtomicLong flushSteps = new AtomicLong();
    private final BackgroundWriter flusher;
    private final Timer flushTime;
    private final OccasionalWarning writeWarning = new OccasionalWarning(LOG, Duration.ofMinutes(1));

    public CountingUsage(UsageStore store, Settings settings, MeterRegistry registry, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.flushTime = Timer.builder("latchkey.usage.flush")
                .description("Time to add one flush of usage counts to the store").register(registry);
        this.flusher = new BackgroundWriter("latchkey-usage");
    }

    public void start() {
        flusher.repeat(this::flushQuietly, settings.flushInterval());
        flusher.repeat(this::purgeQuietly, PURGE_EVERY);
    }

    @Override
    public void count(KeyId id, boolean valid, Instant at) {
        Counter counter = counters.computeIfAbsent(new Minute(id, Granularity.MINUTE.bucketOf(at)), m -> new Counter());
        (valid ? counter.valid : counter.rejected).increment();
    }

    @Override
    public List<UsageBucket> find(KeyId id, Instant from, Instant to, Granularity granularity) {
        while (true) {
            long before = flushSteps.get();
            if ((before & 1) == 1) {
                synchronized (this) { // a flush is under way: wait for it (it holds this monitor), then read
                    before = flushSteps.get();
                }
            }
            List<UsageBucket> read = read(id, from, to, granularity);
            if (flushSteps.get() == before) {
                return read;
            }
        }
    }

    /** The store's buckets plus what this node has not flushed yet. */
    private List<UsageBucket> read(KeyId id, Instant from, Instant to, Granularity granularity) {
        TreeMap<Instant, UsageBucket> buckets = new TreeMap<>();
        store.find(id, from, to, granularity).forEach(bucket -> buckets.put(bucket.start(), bucket));
        counters.forEach((minute, counter) -> {
            Instant start = granularity.bucketOf(minute.start());
            if (minute.keyId().equals(id) && !start.isBefore(from) && start.isBefore(to)) {
                long valid;
                long rejected;
                synchronized (counter) {
                    valid = counter.valid.sum() - counter.flushedValid;
                    rejected = counter.rejected.sum() - counter.flushedRejected;
                }
                if (valid != 0 || rejected != 0) {
                    buckets.merge(start, new UsageBucket(start, valid, rejected),
                            (stored, pending) -> stored.plus(pending.valid(), pending.rejected()));
                }
            }
        });
        return new ArrayList<>(buckets.values());
    }

    /** Adds what was counted since the last flush to the store. */
    public synchronized void flush() {
        Map<UsageStore.BucketKey, UsageStore.Counts> increments = new HashMap<>();
        Map<Counter, long[]> taking = new HashMap<>();
        counters.forEach((minute, counter) -> {
            long valid = counter.valid.sum();
            long rejected = counter.rejected.sum();
            long newValid = valid - counter.flushedValid;
            long newRejected = rejected - counter.flushedRejected;
            if (newValid == 0 && newRejected == 0) {
                return;
            }
            taking.put(counter, new long[] {valid, rejected});
            UsageStore.Counts counts = new UsageStore.Counts(newValid, newRejected);
            for (Granularity granularity : Granularity.values()) {
                increments.merge(new UsageStore.BucketKey(minute.keyId(), granularity,
                        granularity.bucketOf(minute.start())), counts, UsageStore.Counts::plus);
            }
        });
        if (!increments.isEmpty()) {
            long start = System.nanoTime();
            flushSteps.incrementAndGet();
            try {
                store.addAll(increments); // throws when the store refuses: nothing is marked flushed
                taking.forEach((counter, totals) -> {
                    synchronized (counter) {
                        counter.flushedValid = totals[0];
                        counter.flushedRejected = totals[1];
                    }
                });
            } finally {
                flushSteps.incrementAndGet();
            }
            flushTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        Instant stale = clock.instant().minus(KEEP_COUNTER);
        counters.entrySet().removeIf(entry -> entry.getKey().start().isBefore(stale)
                && entry.getValue().valid.sum() == entry.getValue().flushedValid
                && entry.getValue().rejected.sum() == entry.getValue().flushedRejected);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            writeWarning.warn("usage: cannot write usage counts yet ({}); they are kept and retried",
                    e.getClass().getName());
        }
    }

    /** Deletes each granularity's buckets older than its retention, in batches. */
    public void purge() {
        Instant now = clock.instant();
        purge(Granularity.MINUTE, now.minus(settings.minuteRetention()));
        purge(Granularity.HOUR, now.minus(settings.hourRetention()));
        purge(Granularity.DAY, now.minus(settings.dayRetention()));
    }

    private void purge(Granularity granularity, Instant before) {
        for (int run = 0; run < 100 && store.purgeBefore(granularity, before, PURGE_BATCH) == PURGE_BATCH; run++) {
            // another batch
        }
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.debug("usage: cannot purge old buckets yet ({})", e.getClass().getName());
        }
    }

    /** Stops flushing and writes every count not written yet. */
    @Override
    public void close() {
        flusher.stop(Duration.ofSeconds(10));
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("usage: counts not yet written could not be written at shutdown ({})", e.getClass().getName());
        }
    }
}
