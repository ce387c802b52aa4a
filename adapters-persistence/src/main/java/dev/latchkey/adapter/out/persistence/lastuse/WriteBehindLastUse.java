package dev.latchkey.adapter.out.persistence.lastuse;

import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.LastUse;
import dev.latchkey.domain.apikey.KeyId;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last use, written behind: a use is noted in memory (the request thread never waits on the store), to the second,
 * and every {@code flushInterval}, just after a second has ended, the latest use of each key up to that second is
 * written through {@link ApiKeys#recordUses}: all of one second, so one statement (per 1,000 keys). What a flush
 * cannot write (the store is down) is kept for the next one. {@link #close()} flushes what is left.
 */
public final class WriteBehindLastUse implements LastUse, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindLastUse.class);

    /** How long after the end of a second a flush starts, so that uses of that second are all noted. */
    private static final Duration AFTER_THE_SECOND = Duration.ofMillis(50);

    private final ApiKeys store;
    private final Clock clock;
    private final ConcurrentHashMap<KeyId, Instant> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private final DistributionSummary flushSize;
    private final Timer flushTime;

    public WriteBehindLastUse(ApiKeys store, MeterRegistry registry, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.flushSize = DistributionSummary.builder("latchkey.last_use.flush.keys")
                .description("Keys whose last use one flush wrote").register(registry);
        this.flushTime = Timer.builder("latchkey.last_use.flush")
                .description("Time to write one flush of last uses").register(registry);
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "latchkey-last-use");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Flushes every {@code interval}, the first about one interval from now, each just after a second has ended. */
    public void start(Duration interval) {
        Instant now = clock.instant();
        Duration toNextSecond = Duration.between(now, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1))
                .plus(AFTER_THE_SECOND);
        Duration restOfInterval = interval.compareTo(Duration.ofSeconds(1)) > 0
                ? interval.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS) : Duration.ZERO;
        flusher.scheduleAtFixedRate(this::flushQuietly, toNextSecond.plus(restOfInterval).toNanos(),
                interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Notes the use to the second: the precision of {@code lastUsedAt}, and one time per second to write. */
    @Override
    public void record(KeyId id, Instant at) {
        Instant second = at.truncatedTo(ChronoUnit.SECONDS);
        Instant known = pending.get(id);
        if (known == null || known.isBefore(second)) {
            pending.merge(id, second, WriteBehindLastUse::later);
        }
    }

    /** Writes the uses noted of the seconds that have ended; later ones stay for the next flush. */
    public void flush() {
        flushBefore(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private void flushBefore(Instant cutoff) {
        if (pending.isEmpty()) {
            return;
        }
        Map<KeyId, Instant> batch = new HashMap<>();
        pending.forEach((id, at) -> {
            if (at.isBefore(cutoff)) {
                batch.put(id, at);
                pending.remove(id, at); // a later use that came meanwhile stays pending
            }
        });
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            store.recordUses(batch);
        } catch (RuntimeException e) {
            batch.forEach((id, at) -> pending.merge(id, at, WriteBehindLastUse::later));
            throw e;
        }
        flushTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        flushSize.record(batch.size());
    }

    private void flushQuietly() {
        flushQuietly(this::flush);
    }

    private void flushQuietly(Runnable flush) {
        try {
            flush.run();
        } catch (RuntimeException e) {
            LOG.warn("last use: cannot write {} keys' last use ({}); retrying", pending.size(), e.getClass().getName());
        }
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    /** Stops flushing and writes what is still pending. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly(() -> flushBefore(Instant.MAX)); // every use noted, the current second's too
    }
}
