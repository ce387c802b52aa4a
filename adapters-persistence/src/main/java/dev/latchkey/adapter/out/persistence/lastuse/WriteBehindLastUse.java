package dev.latchkey.adapter.out.persistence.lastuse;

import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.LastUse;
import dev.latchkey.domain.apikey.KeyId;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last use, written behind: a use is noted in memory (the request thread never waits on the store), and every
 * {@code flushInterval} the latest use of each key is written in one statement through {@link ApiKeys#recordUses}.
 * What a flush cannot write (the store is down) is kept for the next one. {@link #close()} flushes what is left.
 */
public final class WriteBehindLastUse implements LastUse, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindLastUse.class);

    private final ApiKeys store;
    private final ConcurrentHashMap<KeyId, Instant> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private final DistributionSummary flushSize;
    private final Timer flushTime;

    public WriteBehindLastUse(ApiKeys store, MeterRegistry registry) {
        this.store = store;
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

    /** Flushes every {@code interval} from now on. */
    public void start(Duration interval) {
        flusher.scheduleWithFixedDelay(this::flushQuietly, interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    @Override
    public void record(KeyId id, Instant at) {
        Instant known = pending.get(id);
        if (known == null || known.isBefore(at)) {
            pending.merge(id, at, WriteBehindLastUse::later);
        }
    }

    /** Writes the uses noted so far; a use noted meanwhile stays for the next flush. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<KeyId, Instant> batch = new HashMap<>();
        pending.forEach((id, at) -> {
            batch.put(id, at);
            pending.remove(id, at); // a later use that came meanwhile stays pending
        });
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
        try {
            flush();
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
        flushQuietly();
    }
}
