package dev.latchkey.adapter.out.accounting;

import dev.latchkey.application.port.in.keys.AlertHoneytokenUses;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.application.port.out.verification.VerificationEvents;
import dev.latchkey.domain.verification.HoneytokenPresentation;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The honeytokens' presentations among the verdicts, handed to {@link AlertHoneytokenUses} in the background: every
 * {@code flushInterval}, one call per key, client address and minute with how many presentations it saw. An event that
 * is not a honeytoken's costs one field read; a honeytoken's is added to a small map under a lock held for that only
 * (no I/O on the request's thread). At most {@code maxPending} combinations wait between flushes; past that a new
 * combination is dropped and counted in {@code latchkey.honeytokens.dropped} (a flood of addresses in one second).
 * Each combination is written on its own: while the store is unreachable they are kept and retried while they fit; one
 * the store refuses for itself is retried a few times, then dropped and counted, and the others are written.
 */
public final class HoneytokenAlerts implements VerificationEvents, AutoCloseable {

    /** How often presentations are handed on; how many combinations may wait. */
    public record Settings(Duration flushInterval, int maxPending) {

        public Settings {
            if (maxPending < 1) {
                throw new IllegalArgumentException("maxPending must be at least 1");
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(HoneytokenAlerts.class);

    /**
     * How many times the store may refuse one presentation (not by being unreachable: a deadlock among nodes racing for
     * its row, a value it will not take) before it is dropped.
     */
    static final int MAX_ATTEMPTS = 5;

    private record Combination(String keyId, String clientIp, Instant minute) {
    }

    /** A presentation waiting to be handed on, with how many times the store refused it. */
    private record Waiting(HoneytokenPresentation presented, int failures) {

        Waiting failedOnce() {
            return new Waiting(presented, failures + 1);
        }
    }

    private final Supplier<AlertHoneytokenUses> alerts;
    private final Settings settings;
    private final BackgroundWriter flusher;
    private final Counter dropped;
    private final OccasionalWarning writeWarning = new OccasionalWarning(LOG, Duration.ofMinutes(1));
    /** Waiting presentations, in arrival order; guarded by this object's monitor. */
    private Map<Combination, Waiting> pending = new LinkedHashMap<>();

    /** {@code alerts}: looked up at the first flush (the use case is built after the verification it listens to). */
    public HoneytokenAlerts(Supplier<AlertHoneytokenUses> alerts, Settings settings, MeterRegistry registry) {
        this.alerts = alerts;
        this.settings = settings;
        this.dropped = Counter.builder("latchkey.honeytokens.dropped")
                .description("Honeytoken presentations not alerted on: more keys and addresses than fit between two"
                        + " flushes, or refused by the store " + MAX_ATTEMPTS + " times").register(registry);
        this.flusher = new BackgroundWriter("latchkey-honeytoken-alerts");
    }

    public void start() {
        flusher.repeat(this::flushQuietly, settings.flushInterval());
    }

    @Override
    public void record(VerificationEvent event) {
        if (!event.honeytoken()) {
            return;
        }
        HoneytokenPresentation presented = HoneytokenPresentation.of(event);
        Combination combination = new Combination(presented.keyId().value(), presented.clientIp(),
                presented.minute());
        synchronized (this) {
            Waiting before = pending.get(combination);
            if (before == null && pending.size() >= settings.maxPending()) {
                dropped.increment();
                return;
            }
            pending.put(combination, before == null ? new Waiting(presented, 0)
                    : new Waiting(before.presented().plus(presented), before.failures()));
        }
    }

    /**
     * Hands every waiting presentation on, each on its own. While the store cannot be reached
     * ({@link StoreUnavailable}) the rest wait for the next flush, as they are. Any other refusal is the entry's own
     * (a value the store will not take): it is retried at the next flushes, {@link #MAX_ATTEMPTS} times in all, then
     * dropped and counted, and never holds up the others. The first failure is thrown once the rest were handed on.
     */
    public void flush() {
        List<Map.Entry<Combination, Waiting>> taken;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            taken = new ArrayList<>(pending.entrySet());
            pending = new LinkedHashMap<>();
        }
        RuntimeException failure = null;
        boolean unavailable = false;
        for (Map.Entry<Combination, Waiting> entry : taken) {
            if (unavailable) {
                putBack(entry.getKey(), entry.getValue());
                continue;
            }
            try {
                alerts.get().alert(entry.getValue().presented());
            } catch (StoreUnavailable e) {
                unavailable = true;
                failure = failure == null ? e : failure;
                putBack(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                Waiting failed = entry.getValue().failedOnce();
                if (failed.failures() >= MAX_ATTEMPTS) {
                    dropped.increment(failed.presented().count());
                    // the exception's class only: its message may quote the address or user agent
                    LOG.warn("honeytokens: a presentation was refused by the store {} times ({}); dropped",
                            failed.failures(), e.getClass().getName());
                } else {
                    putBack(entry.getKey(), failed);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private synchronized void putBack(Combination combination, Waiting waiting) {
        Waiting later = pending.get(combination);
        if (later == null && pending.size() >= settings.maxPending()) {
            dropped.increment(waiting.presented().count());
            return;
        }
        pending.put(combination, later == null ? waiting
                : new Waiting(waiting.presented().plus(later.presented()), waiting.failures()));
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            writeWarning.warn("honeytokens: cannot write presentations yet ({}); they are kept and retried",
                    e.getClass().getName());
        }
    }

    /** Stops flushing and hands on what waits. */
    @Override
    public void close() {
        flusher.stop(Duration.ofSeconds(10));
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("honeytokens: presentations could not be written at shutdown ({})", e.getClass().getName());
        }
    }
}
