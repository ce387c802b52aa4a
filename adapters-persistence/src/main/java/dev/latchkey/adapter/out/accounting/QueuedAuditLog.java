package dev.latchkey.adapter.out.accounting;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail over an {@link AuditEventStore}: changes go straight to the store (in their transaction);
 * verifications go into a bounded queue that one thread writes in batches of at most {@code maxBatch} (one
 * transaction each): as soon as {@code writeAt} events wait,
 * whatever is queued at least every {@code flushInterval}. A full
 * queue drops the event, counts it ({@code latchkey.audit.dropped}) and warns at most once a minute: a request
 * never waits for the audit. A batch the store refuses (it is down) is kept and tried again, new events queueing
 * behind it. {@link #close()} writes everything still queued. Old events are purged in batches every minute.
 *
 * <p>Verification summaries ({@link SummarisedVerificationEvents}) are listed with the events, as {@code key.verified}
 * and {@code key.rejected} items, in one order (time, then id: their ids never meet), and purged with them.
 */
public final class QueuedAuditLog implements AuditLog, AutoCloseable {

    /**
     * What the queue holds; how often it is written, or sooner once {@code writeAt} events wait; at most
     * {@code maxBatch} events a transaction; how long events are kept.
     */
    public record Settings(int capacity, Duration flushInterval, int writeAt, int maxBatch, Duration retention,
                           int purgeBatch) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(QueuedAuditLog.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    /**
     * How often the writer looks at the queue. A full batch is written at once, so that under load an event waits
     * tens of milliseconds and dies young (events held for the whole flush interval outlive young collections and
     * cost old-generation work); anything less waits for the flush interval, and so does a retry after a failure.
     */
    private static final Duration LOOK_EVERY = Duration.ofMillis(20);
    /** At most this many purge batches a run: a large backlog is worked off over several minutes. */
    private static final int PURGE_BATCHES_PER_RUN = 100;

    private final AuditEventStore store;
    private final VerificationSummaryStore summaries;
    private final OldRows honeytokens;
    private final Settings settings;
    private final Clock clock;
    private final BlockingQueue<AuditEvent> queue;
    private final BackgroundWriter writer;
    private final Counter dropped;
    private final Counter written;
    private final Timer flushTime;
    private final OccasionalWarning dropWarning = new OccasionalWarning(LOG, WARN_EVERY);
    private final OccasionalWarning writeWarning = new OccasionalWarning(LOG, WARN_EVERY);
    /** A batch taken from the queue that the store has not accepted yet; only the writer thread touches it. */
    private List<AuditEvent> unwritten = new ArrayList<>();
    /** Writer thread only: when the last write was tried, and whether it failed. */
    private long lastFlush = System.nanoTime();
    private boolean lastFlushFailed;

    /** An audit trail without verification summaries. */
    public QueuedAuditLog(AuditEventStore store, Settings settings, MeterRegistry registry, Clock clock) {
        this(store, VerificationSummaryStore.NONE, settings, registry, clock);
    }

    /** An audit trail without honeytokens' presentations to purge. */
    public QueuedAuditLog(AuditEventStore store, VerificationSummaryStore summaries, Settings settings,
                          MeterRegistry registry, Clock clock) {
        this(store, summaries, (before, batch) -> 0, settings, registry, clock);
    }

    /** {@code honeytokens}: the honeytokens' presentations per minute, purged with the events (the keys' totals stay). */
    public QueuedAuditLog(AuditEventStore store, VerificationSummaryStore summaries, OldRows honeytokens,
                          Settings settings, MeterRegistry registry, Clock clock) {
        this.store = store;
        this.summaries = summaries;
        this.honeytokens = honeytokens;
        this.settings = settings;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.dropped = Counter.builder("latchkey.audit.dropped")
                .description("Verification audit events dropped because the audit queue was full").register(registry);
        this.written = Counter.builder("latchkey.audit.written")
                .description("Verification audit events written to the store in batches").register(registry);
        this.flushTime = Timer.builder("latchkey.audit.flush")
                .description("Time to write one batch of verification audit events").register(registry);
        Gauge.builder("latchkey.audit.queued", queue, BlockingQueue::size)
                .description("Verification audit events waiting to be written").register(registry);
        this.writer = new BackgroundWriter("latchkey-audit");
    }

    public void start() {
        writer.repeat(this::flushWhenDue, LOOK_EVERY);
        writer.repeat(this::purgeQuietly, PURGE_EVERY);
    }

    @Override
    public void append(AuditEvent event) {
        store.append(event);
    }

    @Override
    public void appendLater(AuditEvent event) {
        if (!queue.offer(event)) {
            dropped.increment();
            warnOfDrops();
        }
    }

    private void warnOfDrops() {
        dropWarning.warn("audit: the queue of {} events is full; verification events are dropped (see"
                + " latchkey_audit_dropped_total)", settings.capacity());
    }

    @Override
    public List<AuditEvent> find(AuditFilter filter, Optional<Position> after, int limit) {
        List<AuditEvent> events = store.find(filter, after, limit);
        List<AuditEvent> summarised = summaries.find(filter, after, limit);
        if (summarised.isEmpty()) {
            return events;
        }
        List<AuditEvent> merged = new ArrayList<>(Math.min(limit, events.size() + summarised.size()));
        int event = 0;
        int summary = 0;
        while (merged.size() < limit && (event < events.size() || summary < summarised.size())) {
            if (summary == summarised.size() || (event < events.size()
                    && AuditLog.NEWEST_FIRST.compare(events.get(event), summarised.get(summary)) <= 0)) {
                merged.add(events.get(event++));
            } else {
                merged.add(summarised.get(summary++));
            }
        }
        return merged;
    }

    /**
     * Writes what is queued now, a batch at a time; on the writer thread, or once the writer stopped. Events that
     * arrive meanwhile wait for the next flush: writing them at once would turn a steady stream into many small
     * transactions, each a commit (and a log sync) for the database.
     */
    public void flush() {
        int due = unwritten.size() + queue.size();
        while (due > 0) {
            if (unwritten.isEmpty()) {
                queue.drainTo(unwritten, Math.min(due, settings.maxBatch()));
                if (unwritten.isEmpty()) {
                    return;
                }
            }
            long start = System.nanoTime();
            store.appendAll(unwritten); // throws when the store refuses: the batch stays for the next flush
            flushTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            written.increment(unwritten.size());
            due -= unwritten.size();
            unwritten = new ArrayList<>();
        }
    }

    private void flushWhenDue() {
        long now = System.nanoTime();
        boolean intervalPassed = now - lastFlush >= settings.flushInterval().toNanos();
        boolean fullBatch = unwritten.size() + queue.size() >= settings.writeAt();
        if (intervalPassed || (fullBatch && !lastFlushFailed)) {
            lastFlush = now;
            flushQuietly();
        }
    }

    private void flushQuietly() {
        try {
            flush();
            lastFlushFailed = false;
        } catch (RuntimeException e) {
            lastFlushFailed = true;
            writeWarning.warn("audit: cannot write {} verification events yet ({}); they stay queued and are retried",
                    unwritten.size() + queue.size(), e.getClass().getName());
        }
    }

    /** Rows older than a time, deleted a batch at a time: how many a call deleted. */
    @FunctionalInterface
    public interface OldRows {
        int purgeBefore(Instant before, int batch);
    }

    /**
     * Deletes events, verification summaries and honeytokens' presentations per minute older than the retention, in
     * small batches.
     */
    public int purge() {
        Instant before = clock.instant().minus(settings.retention());
        return purge(store::purgeBefore, before) + purge(summaries::purgeBefore, before)
                + purge(honeytokens, before);
    }

    private int purge(OldRows rows, Instant before) {
        int purged = 0;
        for (int run = 0; run < PURGE_BATCHES_PER_RUN; run++) {
            int batch = rows.purgeBefore(before, settings.purgeBatch());
            purged += batch;
            if (batch < settings.purgeBatch()) {
                break;
            }
        }
        return purged;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.debug("audit: cannot purge old events yet ({})", e.getClass().getName());
        }
    }

    /** Stops the writer and writes every event still queued. */
    @Override
    public void close() {
        writer.stop(Duration.ofSeconds(10));
        try {
            do {
                flush();
            } while (!queue.isEmpty());
        } catch (RuntimeException e) {
            LOG.warn("audit: {} verification events could not be written at shutdown ({})",
                    unwritten.size() + queue.size(), e.getClass().getName());
        }
    }
}
