package dev.latchkey.adapter.out.accounting;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.verification.VerificationEvents;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifications counted in memory as summaries, one per key (or keys that did not parse), client address, outcome and
 * minute, and added to the {@link VerificationSummaryStore} every {@code flushInterval} as increments, so that the
 * summaries of any number of nodes add up to the exact number of verifications.
 *
 * <p>{@link #record} never blocks and allocates one small key: a minute's summaries are a concurrent map of counters.
 * Past {@code maxSummariesPerMinute} combinations of refused verifications in a minute (or
 * {@code maxValidSummariesPerMinute} of valid ones: a budget of their own), a new combination is counted in its
 * outcome's overflow summary of that minute (client address {@link AuditEvent#OVERFLOW}, no key id) and in
 * {@code latchkey.audit.summaries.folded}: memory and rows stay bounded, counts exact.
 *
 * <p>A flush writes what each counter gained since the last flush that the store took; a counter whose minute ended
 * (a couple of seconds ago) is sealed, its last gain written, and the minute forgotten. Sealing is atomic with the
 * count, and a verification that finds its minute sealed after counting takes its count back (unless the seal already
 * took it) and counts again in a fresh minute: nothing is lost or counted twice. Gains the store refused are kept and
 * retried; while the refused (or the valid) ones are more than their budget, those are folded into overflow summaries
 * (still exact). {@link #close()} writes everything: a stop loses nothing, a crash at most one flush interval.
 */
public final class SummarisedVerificationEvents implements VerificationEvents, AutoCloseable {

    /**
     * How often summaries are written; how many combinations of refused verifications ({@code maxSummariesPerMinute})
     * and of valid ones ({@code maxValidSummariesPerMinute}) a minute has before new ones fold into the overflow. Two
     * budgets: a flood of refused keys (anyone can send well-formed random keys) must not use up the summaries the
     * valid uses need (a valid use folded has no key id: new-network alerts never see it).
     */
    public record Settings(Duration flushInterval, int maxSummariesPerMinute, int maxValidSummariesPerMinute) {

        public Settings {
            if (maxSummariesPerMinute < 1) {
                throw new IllegalArgumentException("latchkey.audit.max-summaries-per-minute must be at least 1");
            }
            if (maxValidSummariesPerMinute < 1) {
                throw new IllegalArgumentException("latchkey.audit.max-valid-summaries-per-minute must be at least 1");
            }
        }

        /** The same budget for refused and for valid verifications. */
        public Settings(Duration flushInterval, int maxSummariesPerMinute) {
            this(flushInterval, maxSummariesPerMinute, maxSummariesPerMinute);
        }

        int budget(boolean valid) {
            return valid ? maxValidSummariesPerMinute : maxSummariesPerMinute;
        }
    }

    /**
     * Told what each flush added to the store, once the store took it, on the flusher's thread: it must neither block
     * nor fail (new-network alerts read the valid keys' summaries here).
     */
    @FunctionalInterface
    public interface Written {
        void written(Map<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> summaries);

        /** Nobody listening. */
        Written NOBODY = summaries -> { };
    }

    private static final Logger LOG = LoggerFactory.getLogger(SummarisedVerificationEvents.class);
    /** A minute is sealed this long after it ended (a verdict may be recorded a little after it was decided). */
    private static final long SEAL_AFTER_MILLIS = 2_000;
    /**
     * A minute is sealed in the summaries' chain (docs/audit-chain.md) once it ended this long ago: a node writes a
     * minute's last gain at its first flush after {@link #SEAL_AFTER_MILLIS} (every flush interval, at most 1 s), so
     * 2 s + 1 s and a margin for a slow write and for clocks a few seconds apart. Later gains (a retried flush, a
     * node whose clock is behind) amend the minute with a link of their own, within the chain's amendment window (5
     * minutes before the sealing point); the store drops (and logs) later ones.
     */
    static final Duration CHAIN_SEAL_DELAY = Duration.ofSeconds(10);
    /** At most this many minutes are sealed in one transaction (a backlog is sealed over the next flushes). */
    static final int SEAL_MINUTES_PER_RUN = 60;
    /**
     * At most this many minutes of summaries the store refused are kept: older ones are dropped (counted in
     * {@code latchkey.audit.summaries.dropped}), so that a store down for long does not grow memory by a minute's
     * overflow summaries each minute; the store would no longer take them anyway once their minute is sealed and older
     * than the chain's amendment window.
     */
    static final int MAX_UNWRITTEN_MINUTES = 60;
    /** The bit of a sealed counter: its count was taken for the last time. */
    private static final long SEALED = Long.MIN_VALUE;

    private record Combination(KeyId keyId, String clientIp, String outcome) {
    }

    /** One summary's counter: written by any thread, read and sealed by the flusher. */
    private static final class Tally {
        final AtomicLong count = new AtomicLong();
        final AtomicLong firstMicros = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastMicros = new AtomicLong(Long.MIN_VALUE);
        final UserId userId;
        /** The count the store took; the flusher's alone. */
        long written;

        Tally(UserId userId) {
            this.userId = userId;
        }

        void stretch(long micros) {
            long first = firstMicros.get();
            while (micros < first && !firstMicros.compareAndSet(first, micros)) {
                first = firstMicros.get();
            }
            long last = lastMicros.get();
            while (micros > last && !lastMicros.compareAndSet(last, micros)) {
                last = lastMicros.get();
            }
        }

        /** Counts one, unless sealed. */
        boolean increment() {
            return count.getAndIncrement() >= 0;
        }

        /** Takes back one counted by {@link #increment}, unless the seal took it already. */
        boolean takeBack() {
            long now = count.get();
            while (now >= 0) {
                if (count.compareAndSet(now, now - 1)) {
                    return true;
                }
                now = count.get();
            }
            return false;
        }

        /** Seals the counter and returns its final count. */
        long seal() {
            long before = count.getAndUpdate(now -> now < 0 ? now : now | SEALED);
            return before < 0 ? before & ~SEALED : before;
        }

        VerificationSummaryStore.Delta since(long total) {
            return new VerificationSummaryStore.Delta(total - written, instant(firstMicros.get()),
                    instant(lastMicros.get()), userId);
        }
    }

    /** One minute's counters. */
    private static final class Minute {
        final long epochMinute;
        final ConcurrentHashMap<Combination, Tally> tallies = new ConcurrentHashMap<>();
        /** Combinations of refused verifications. */
        final AtomicInteger combinations = new AtomicInteger();
        /** Combinations of valid verifications: a budget of their own. */
        final AtomicInteger validCombinations = new AtomicInteger();
        volatile boolean sealed;

        Minute(long epochMinute) {
            this.epochMinute = epochMinute;
        }
    }

    private final VerificationSummaryStore store;
    private final Settings settings;
    private final Clock clock;
    private final ConcurrentHashMap<Long, Minute> minutes = new ConcurrentHashMap<>();
    /** The minute most verifications go to, looked up without boxing. */
    private volatile Minute latest = new Minute(Long.MIN_VALUE);
    /** What sealed minutes gained that the store has not taken yet; the flusher's alone (under this monitor). */
    private Map<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> unwritten = new HashMap<>();
    private volatile int unwrittenRows;
    /** The epoch minute before which this node has had the store seal the summaries' chain; the flusher's alone. */
    private long chainSealedBefore = Long.MIN_VALUE;
    private final BackgroundWriter flusher;
    private final Counter folded;
    /** Verifications recorded after {@link #close}: nothing writes them any more, so they are counted here. */
    private final Counter afterClose;
    private final Counter dropped;
    private volatile boolean closed;
    private final Timer flushTime;
    private final OccasionalWarning writeWarning = new OccasionalWarning(LOG, Duration.ofMinutes(1));
    private final OccasionalWarning foldWarning = new OccasionalWarning(LOG, Duration.ofMinutes(1));
    private final Written written;

    public SummarisedVerificationEvents(VerificationSummaryStore store, Settings settings, MeterRegistry registry,
                                        Clock clock) {
        this(store, settings, registry, clock, Written.NOBODY);
    }

    /** Summaries that, once written, are told to {@code written}. */
    public SummarisedVerificationEvents(VerificationSummaryStore store, Settings settings, MeterRegistry registry,
                                        Clock clock, Written written) {
        this.store = store;
        this.written = written;
        this.settings = settings;
        this.clock = clock;
        this.afterClose = Counter.builder("latchkey.audit.summaries.after.close")
                .description("Verifications recorded after the summaries were written at shutdown (not stored)")
                .register(registry);
        this.dropped = Counter.builder("latchkey.audit.summaries.dropped")
                .description("Verifications of summaries dropped because the store refused them for more than "
                        + MAX_UNWRITTEN_MINUTES + " minutes")
                .register(registry);
        this.folded = Counter.builder("latchkey.audit.summaries.folded")
                .description("Verifications counted in an overflow summary (no key id, client address 'overflow')"
                        + " because their minute had latchkey.audit.max-summaries-per-minute summaries already")
                .register(registry);
        this.flushTime = Timer.builder("latchkey.audit.summaries.flush")
                .description("Time to add one flush of verification summaries to the store").register(registry);
        Gauge.builder("latchkey.audit.summaries.unwritten", this, events -> events.unwrittenRows)
                .description("Summaries of sealed minutes the store has not taken yet").register(registry);
        this.flusher = new BackgroundWriter("latchkey-audit-summaries");
    }

    public void start() {
        flusher.repeat(this::flushQuietly, settings.flushInterval());
    }

    @Override
    public void record(VerificationEvent event) {
        if (closed) {
            afterClose.increment();
            return;
        }
        Instant at = event.at();
        long epochMinute = Math.floorDiv(at.getEpochSecond(), 60);
        long micros = micros(at);
        Combination combination = new Combination(event.keyId(), event.clientIp(), event.outcome());
        boolean valid = event.valid();
        while (true) {
            Minute minute = minute(epochMinute);
            Tally tally = minute.tallies.get(combination);
            boolean overflow = false;
            if (tally == null) {
                AtomicInteger combinations = valid ? minute.validCombinations : minute.combinations;
                if (combinations.get() >= settings.budget(valid)) {
                    overflow = true;
                    tally = minute.tallies.computeIfAbsent(new Combination(null, AuditEvent.OVERFLOW,
                            event.outcome()), key -> new Tally(null));
                } else {
                    UserId userId = event.userId();
                    tally = minute.tallies.computeIfAbsent(combination, key -> {
                        combinations.incrementAndGet();
                        return new Tally(userId);
                    });
                }
            }
            tally.stretch(micros);
            if (!tally.increment()) {
                continue; // sealed: its minute is gone, count in a fresh one
            }
            if (minute.sealed && tally.takeBack()) {
                continue; // the minute was sealed after this counted, before the seal took it: count again
            }
            if (overflow) {
                folded.increment();
            }
            return;
        }
    }

    private Minute minute(long epochMinute) {
        Minute minute = latest;
        if (minute.epochMinute == epochMinute && !minute.sealed) {
            return minute;
        }
        minute = minutes.computeIfAbsent(epochMinute, Minute::new);
        if (epochMinute >= latest.epochMinute) {
            latest = minute;
        }
        return minute;
    }

    /** Adds what was counted since the last flush to the store; seals minutes that ended. */
    public void flush() {
        flush(false);
    }

    private synchronized void flush(boolean sealEverything) {
        long sealBefore = Math.floorDiv(clock.millis() - SEAL_AFTER_MILLIS, 60_000L);
        Map<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> live = new HashMap<>();
        List<Tally> taken = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        for (Minute minute : minutes.values()) {
            boolean seal = sealEverything || minute.epochMinute < sealBefore;
            if (seal) {
                minute.sealed = true;
                minutes.remove(minute.epochMinute, minute);
            }
            Instant start = Instant.ofEpochSecond(minute.epochMinute * 60);
            minute.tallies.forEach((combination, tally) -> {
                long total = seal ? tally.seal() : tally.count.get();
                if (total == tally.written) {
                    return;
                }
                VerificationSummaryStore.Key key = new VerificationSummaryStore.Key(start, combination.keyId(),
                        combination.clientIp(), combination.outcome());
                if (seal) {
                    unwritten.merge(key, tally.since(total), VerificationSummaryStore.Delta::plus);
                } else {
                    live.merge(key, tally.since(total), VerificationSummaryStore.Delta::plus);
                    taken.add(tally);
                    totals.add(total);
                }
            });
        }
        Map<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> all = new HashMap<>(unwritten);
        live.forEach((key, delta) -> all.merge(key, delta, VerificationSummaryStore.Delta::plus));
        if (all.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            store.addAll(all); // throws when the store refuses: nothing is marked written
        } catch (RuntimeException e) {
            foldWhileTooMany();
            dropOldestMinutes();
            unwrittenRows = unwritten.size();
            throw e;
        }
        flushTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        unwritten = new HashMap<>();
        unwrittenRows = 0;
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).written = totals.get(i);
        }
        written.written(all);
    }

    /** Unwritten summaries of more than {@link #MAX_UNWRITTEN_MINUTES} minutes: the oldest minutes are dropped. */
    private void dropOldestMinutes() {
        TreeSet<Instant> kept = new TreeSet<>();
        unwritten.keySet().forEach(key -> kept.add(key.minute()));
        if (kept.size() <= MAX_UNWRITTEN_MINUTES) {
            return;
        }
        Instant oldestKept = kept.descendingSet().stream().skip(MAX_UNWRITTEN_MINUTES - 1L).findFirst().orElseThrow();
        long droppedNow = 0;
        Iterator<Map.Entry<VerificationSummaryStore.Key, VerificationSummaryStore.Delta>> entries =
                unwritten.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> entry = entries.next();
            if (entry.getKey().minute().isBefore(oldestKept)) {
                droppedNow += entry.getValue().count();
                entries.remove();
            }
        }
        dropped.increment(droppedNow);
        foldWarning.warn("audit: the store has not taken verification summaries for more than {} minutes; {}"
                + " verifications of older minutes were dropped (see latchkey_audit_summaries_dropped_total)",
                MAX_UNWRITTEN_MINUTES, droppedNow);
    }

    /**
     * Unwritten summaries past the budget become their minute and outcome's overflow summary: fewer, still exact. The
     * refused and the valid ones each against their own budget: refused ones past theirs never fold the valid ones.
     */
    private void foldWhileTooMany() {
        long valid = unwritten.keySet().stream().filter(key -> VerificationEvent.VALID.equals(key.outcome())).count();
        boolean foldValid = valid > settings.maxValidSummariesPerMinute();
        boolean foldRefused = unwritten.size() - valid > settings.maxSummariesPerMinute();
        if (!foldValid && !foldRefused) {
            return;
        }
        Map<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> fewer = new HashMap<>();
        long foldedNow = 0;
        for (Map.Entry<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> entry : unwritten.entrySet()) {
            VerificationSummaryStore.Key key = entry.getKey();
            VerificationSummaryStore.Delta delta = entry.getValue();
            boolean fold = VerificationEvent.VALID.equals(key.outcome()) ? foldValid : foldRefused;
            if (fold && (key.keyId() != null || !AuditEvent.OVERFLOW.equals(key.clientIp()))) {
                foldedNow += delta.count();
                key = new VerificationSummaryStore.Key(key.minute(), null, AuditEvent.OVERFLOW, key.outcome());
                delta = new VerificationSummaryStore.Delta(delta.count(), delta.firstAt(), delta.lastAt(), null);
            }
            fewer.merge(key, delta, VerificationSummaryStore.Delta::plus);
        }
        unwritten = fewer;
        folded.increment(foldedNow);
        foldWarning.warn("audit: the store has not taken verification summaries for a while; {} verifications were"
                + " folded into overflow summaries (see latchkey_audit_summaries_folded_total)", foldedNow);
    }

    private void flushQuietly() {
        try {
            flush(false);
        } catch (RuntimeException e) {
            writeWarning.warn("audit: cannot write verification summaries yet ({}); they are kept and retried",
                    e.getClass().getName());
        }
        try {
            sealChain();
        } catch (RuntimeException e) {
            writeWarning.warn("audit: cannot seal the verification summaries' chain yet ({}); retried",
                    e.getClass().getName());
        }
    }

    /**
     * Has the store seal the minutes that ended {@link #CHAIN_SEAL_DELAY} ago, once a minute on each node (any node
     * may: the store seals a minute once, under the chain's lock), and again at the next flush while a backlog
     * remains.
     */
    public synchronized void sealChain() {
        long before = Math.floorDiv(clock.millis() - CHAIN_SEAL_DELAY.toMillis(), 60_000L);
        if (before <= chainSealedBefore) {
            return;
        }
        if (store.seal(Instant.ofEpochSecond(before * 60), SEAL_MINUTES_PER_RUN) < SEAL_MINUTES_PER_RUN) {
            chainSealedBefore = before;
        }
    }

    /** Stops flushing and writes every summary, sealing every minute. */
    @Override
    public void close() {
        closed = true;
        flusher.stop(Duration.ofSeconds(10));
        try {
            flush(true);
        } catch (RuntimeException e) {
            LOG.warn("audit: {} verification summaries could not be written at shutdown ({})", unwrittenRows,
                    e.getClass().getName());
        }
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
