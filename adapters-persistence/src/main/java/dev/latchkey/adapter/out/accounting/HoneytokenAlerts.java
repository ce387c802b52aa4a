package dev.latchkey.adapter.out.accounting;

import dev.latchkey.application.port.in.keys.AlertHoneytokenUses;
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
 * combination is dropped and counted in {@code latchkey.honeytokens.dropped} (a flood of addresses in one second),
 * and combinations the store refused are kept and retried while they fit.
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

    private record Combination(String keyId, String clientIp, Instant minute) {
    }

    private final Supplier<AlertHoneytokenUses> alerts;
    private final Settings settings;
    private final BackgroundWriter flusher;
    private final Counter dropped;
    private final OccasionalWarning writeWarning = new OccasionalWarning(LOG, Duration.ofMinutes(1));
    /** Waiting presentations, in arrival order; guarded by this object's monitor. */
    private Map<Combination, HoneytokenPresentation> pending = new LinkedHashMap<>();

    /** {@code alerts}: looked up at the first flush (the use case is built after the verification it listens to). */
    public HoneytokenAlerts(Supplier<AlertHoneytokenUses> alerts, Settings settings, MeterRegistry registry) {
        this.alerts = alerts;
        this.settings = settings;
        this.dropped = Counter.builder("latchkey.honeytokens.dropped")
                .description("Honeytoken presentations not alerted on: more keys and addresses than fit between two"
                        + " flushes").register(registry);
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
            HoneytokenPresentation before = pending.get(combination);
            if (before == null && pending.size() >= settings.maxPending()) {
                dropped.increment();
                return;
            }
            pending.put(combination, before == null ? presented : before.plus(presented));
        }
    }

    /** Hands every waiting presentation on; what the store refuses waits for the next flush. */
    public void flush() {
        List<Map.Entry<Combination, HoneytokenPresentation>> taken;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            taken = new ArrayList<>(pending.entrySet());
            pending = new LinkedHashMap<>();
        }
        RuntimeException failure = null;
        for (Map.Entry<Combination, HoneytokenPresentation> entry : taken) {
            if (failure != null) {
                putBack(entry);
                continue;
            }
            try {
                alerts.get().alert(entry.getValue());
            } catch (RuntimeException e) {
                failure = e;
                putBack(entry);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private synchronized void putBack(Map.Entry<Combination, HoneytokenPresentation> entry) {
        HoneytokenPresentation later = pending.get(entry.getKey());
        if (later == null && pending.size() >= settings.maxPending()) {
            dropped.increment(entry.getValue().count());
            return;
        }
        pending.put(entry.getKey(), later == null ? entry.getValue() : entry.getValue().plus(later));
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
