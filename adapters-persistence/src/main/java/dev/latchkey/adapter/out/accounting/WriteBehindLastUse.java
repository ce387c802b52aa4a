package dev.latchkey.adapter.out.accounting;

import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.verification.LastUse;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last use, written behind. A use is noted in memory, to the second (the request thread never waits on the store).
 * Every {@code flushInterval}, just after a second has ended, what the store does not know yet is written through
 * {@link ApiKeys#recordUses}, grouped by second (one statement per second and 1,000 keys; in steady traffic one a
 * flush), with a {@code precision}: a key's first use (or first after a quiet spell) is written at the next flush; a
 * key in constant use is rewritten once per {@code precision}; the last use before it goes quiet is written once it has
 * been quiet that long. So the store's {@code lastUsedAt} lags the true last use by at most {@code precision} (plus a
 * flush), and a key in constant use costs one row write per {@code precision}, not one per flush. What a flush cannot
 * write (the store is down) is tried again; {@link #close()} writes everything not yet written.
 */
public final class WriteBehindLastUse implements LastUse, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindLastUse.class);
    /** How long after the end of a second a flush starts, so that uses of that second are all noted. */
    private static final Duration AFTER_THE_SECOND = Duration.ofMillis(50);
    private static final long NEVER = Long.MIN_VALUE;
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);

    /** One key's uses, in epoch seconds: the latest noted, and the latest the store was given. */
    private static final class Use {
        volatile long noted;
        volatile long written = NEVER;

        Use(long noted) {
            this.noted = noted;
        }
    }

    private final ApiKeys store;
    private final Clock clock;
    private final long precisionSeconds;
    private final ConcurrentHashMap<KeyId, Use> uses = new ConcurrentHashMap<>();
    private final BackgroundWriter flusher;
    private final DistributionSummary flushSize;
    private final Timer flushTime;
    private final OccasionalWarning writeWarning = new OccasionalWarning(LOG, WARN_EVERY);

    public WriteBehindLastUse(ApiKeys store, MeterRegistry registry, Clock clock, Duration precision) {
        this.store = store;
        this.clock = clock;
        this.precisionSeconds = Math.max(0, precision.toSeconds());
        this.flushSize = DistributionSummary.builder("latchkey.last_use.flush.keys")
                .description("Keys whose last use one flush wrote").register(registry);
        this.flushTime = Timer.builder("latchkey.last_use.flush")
                .description("Time to write one flush of last uses").register(registry);
        this.flusher = new BackgroundWriter("latchkey-last-use");
    }

    /** Flushes every {@code interval}, the first about one interval from now, each just after a second has ended. */
    public void start(Duration interval) {
        Instant now = clock.instant();
        Duration toNextSecond = Duration.between(now, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1))
                .plus(AFTER_THE_SECOND);
        Duration restOfInterval = interval.compareTo(Duration.ofSeconds(1)) > 0
                ? interval.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS) : Duration.ZERO;
        flusher.atFixedRate(this::flushQuietly, toNextSecond.plus(restOfInterval), interval);
    }

    @Override
    public void record(KeyId id, Instant at) {
        long second = at.getEpochSecond();
        Use use = uses.get(id);
        if (use == null) {
            use = uses.putIfAbsent(id, new Use(second));
        }
        if (use != null && use.noted < second) {
            use.noted = second; // racing writers differ by under a second: either is the precision's due
        }
    }

    /** Writes what is due of the seconds that have ended; forgets keys that went quiet and are written. */
    public void flush() {
        long now = clock.instant().getEpochSecond();
        write(now, (use, noted) -> use.written == NEVER || noted - use.written >= precisionSeconds
                || now - noted >= precisionSeconds);
        uses.values().removeIf(use -> use.written == use.noted && now - use.noted >= precisionSeconds);
    }

    private interface Due {
        boolean test(Use use, long noted);
    }

    /** Writes each key noted before {@code cutoff} (epoch second) and not written yet, when {@code due}. */
    private void write(long cutoff, Due due) {
        Map<KeyId, Instant> batch = new HashMap<>();
        Map<Use, Long> writing = new HashMap<>();
        uses.forEach((id, use) -> {
            long noted = use.noted;
            if (noted < cutoff && noted != use.written && due.test(use, noted)) {
                batch.put(id, Instant.ofEpochSecond(noted));
                writing.put(use, noted);
            }
        });
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        store.recordUses(batch); // on failure nothing is marked written: the next flush tries again
        writing.forEach((use, noted) -> use.written = noted);
        flushTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        flushSize.record(batch.size());
    }

    private void flushQuietly(Runnable flush) {
        try {
            flush.run();
        } catch (RuntimeException e) {
            writeWarning.warn("last use: cannot write keys' last use ({}); retrying", e.getClass().getName());
        }
    }

    private void flushQuietly() {
        flushQuietly(this::flush);
    }

    /** Stops flushing and writes every use not written yet, the current second's too. */
    @Override
    public void close() {
        flusher.stop(Duration.ofSeconds(5));
        flushQuietly(() -> write(Long.MAX_VALUE, (use, noted) -> true));
    }
}
