package dev.latchkey.adapter.out.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.adapter.out.persistence.memory.InMemoryStores;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SummarisedVerificationEventsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final KeyId KEY_A = new KeyId("AAAAAAAAAAAA");
    private static final KeyId KEY_B = new KeyId("BBBBBBBBBBBB");
    private static final UserId USER = new UserId("01a20500-14f8-749d-b734-6677a3055c10");

    /** The in-memory store, refusing deltas while {@code down}. */
    private static final class FlakyStore implements VerificationSummaryStore {
        private final VerificationSummaryStore summaries = InMemoryStores.empty().summaries();
        volatile boolean down;

        @Override
        public void addAll(Map<Key, Delta> deltas) {
            if (down) {
                throw new IllegalStateException("store down");
            }
            summaries.addAll(deltas);
        }

        @Override
        public List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit) {
            return summaries.find(filter, after, limit);
        }

        @Override
        public int purgeBefore(Instant before, int batch) {
            return summaries.purgeBefore(before, batch);
        }

        @Override
        public int seal(Instant before, int maxMinutes) {
            return 0;
        }
    }

    /** Time a test moves. */
    private static final class MovingClock extends Clock {
        final AtomicLong millis = new AtomicLong(T0.toEpochMilli());

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    private final FlakyStore store = new FlakyStore();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MovingClock clock = new MovingClock();

    private SummarisedVerificationEvents events(int maxPerMinute) {
        return new SummarisedVerificationEvents(store,
                new SummarisedVerificationEvents.Settings(Duration.ofMillis(500), maxPerMinute), registry, clock);
    }

    private static VerificationEvent valid(Instant at, String clientIp) {
        return new VerificationEvent(at, KEY_A, USER, VerificationEvent.VALID, clientIp, "req", "/v1/auth", null);
    }

    private static VerificationEvent rejected(Instant at, KeyId key, String clientIp, String outcome) {
        return new VerificationEvent(at, key, null, outcome, clientIp, "req", "/v1/auth", null);
    }

    private List<AuditEvent> stored() {
        return store.find(AuditFilter.ALL, Optional.empty(), 10_000);
    }

    private long total() {
        return stored().stream().mapToLong(AuditEvent::count).sum();
    }

    private double folded() {
        return registry.get("latchkey.audit.summaries.folded").counter().count();
    }

    @Test
    void oneSummaryPerKeyAddressOutcomeAndMinuteWithExactCountsAndTimes() {
        SummarisedVerificationEvents events = events(100);
        events.record(valid(T0.plusMillis(10), "192.0.2.1"));
        events.record(valid(T0.plusMillis(30_000), "192.0.2.1"));
        events.record(valid(T0.plusMillis(20), "192.0.2.1"));
        events.record(valid(T0.plusMillis(40), "192.0.2.2"));
        events.record(rejected(T0.plusMillis(50), KEY_A, "192.0.2.1", "REVOKED"));
        events.record(rejected(T0.plusMillis(60), null, "192.0.2.1", "MALFORMED"));
        events.record(rejected(T0.plusMillis(70), null, "192.0.2.1", "MALFORMED"));
        events.record(rejected(T0.plusMillis(80), null, null, "MALFORMED"));

        events.flush();

        assertThat(stored()).extracting(AuditEvent::type, AuditEvent::keyId, AuditEvent::userId, AuditEvent::clientIp,
                AuditEvent::code, AuditEvent::count).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_VERIFIED, KEY_A, USER, "192.0.2.1", "VALID", 3L),
                org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_VERIFIED, KEY_A, USER, "192.0.2.2", "VALID", 1L),
                org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_REJECTED, KEY_A, null, "192.0.2.1", "REVOKED",
                        1L),
                org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_REJECTED, null, null, "192.0.2.1", "MALFORMED",
                        2L),
                org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_REJECTED, null, null, null, "MALFORMED", 1L));
        AuditEvent three = stored().stream().filter(event -> event.count() == 3).findFirst().orElseThrow();
        assertThat(three.at()).isEqualTo(T0);
        assertThat(three.firstAt()).isEqualTo(T0.plusMillis(10));
        assertThat(three.lastAt()).isEqualTo(T0.plusMillis(30_000));
        assertThat(three.requestId()).isNull();
    }

    @Test
    void aFlushAddsOnlyWhatWasCountedSinceTheLastOne() {
        SummarisedVerificationEvents events = events(100);
        events.record(valid(T0.plusMillis(10), "192.0.2.1"));
        events.flush();
        events.flush();
        events.record(valid(T0.plusMillis(20), "192.0.2.1"));
        events.record(valid(T0.plusMillis(30), "192.0.2.1"));
        events.flush();

        assertThat(stored()).singleElement().satisfies(summary -> {
            assertThat(summary.count()).isEqualTo(3);
            assertThat(summary.lastAt()).isEqualTo(T0.plusMillis(30));
        });
    }

    @Test
    void minutesAreSeparateSummariesAndAnEndedMinuteIsSealedAndForgotten() {
        SummarisedVerificationEvents events = events(100);
        Instant lastOfFirst = T0.plusSeconds(60).minusNanos(1_000);
        events.record(valid(lastOfFirst, "192.0.2.1"));
        events.record(valid(T0.plusSeconds(60), "192.0.2.1"));
        clock.millis.set(T0.plusSeconds(125).toEpochMilli()); // both minutes ended over 2 s ago
        events.flush();
        events.record(valid(lastOfFirst, "192.0.2.1")); // late: its minute was sealed, it counts in a fresh one
        events.flush();
        events.flush();

        assertThat(stored()).extracting(AuditEvent::at, AuditEvent::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(60), 1L),
                        org.assertj.core.groups.Tuple.tuple(T0, 2L));
        assertThat(stored().get(1).lastAt()).isEqualTo(lastOfFirst);
    }

    @Test
    void pastTheBudgetNewCombinationsFoldIntoOneOverflowSummaryPerOutcomeAndMinuteExactly() {
        SummarisedVerificationEvents events = events(3);
        for (int i = 0; i < 10; i++) {
            events.record(rejected(T0.plusMillis(i), null, "192.0.2." + i, "MALFORMED"));
        }
        events.record(rejected(T0.plusMillis(20), null, "198.51.100.1", "NOT_FOUND"));
        events.record(rejected(T0.plusMillis(30), null, "192.0.2.0", "MALFORMED")); // a combination it has: no fold
        events.record(valid(T0.plusSeconds(60), "192.0.2.9")); // a new minute has its own budget
        events.flush();

        List<AuditEvent> stored = stored();
        assertThat(stored).hasSize(6);
        assertThat(stored).filteredOn(event -> AuditEvent.OVERFLOW.equals(event.clientIp()))
                .extracting(AuditEvent::keyId, AuditEvent::code, AuditEvent::count, AuditEvent::at)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(null, "MALFORMED", 7L, T0),
                        org.assertj.core.groups.Tuple.tuple(null, "NOT_FOUND", 1L, T0));
        assertThat(stored).filteredOn(event -> "192.0.2.0".equals(event.clientIp())).singleElement()
                .extracting(AuditEvent::count).isEqualTo(2L);
        assertThat(total()).isEqualTo(13);
        assertThat(folded()).isEqualTo(8.0);
    }

    /**
     * M2: anyone can send well-formed random keys; their refusals past the budget must not fold a valid use into the
     * overflow (no key id, no address), which new-network alerts never see.
     */
    @Test
    void aFloodOfRefusedKeysLeavesTheValidUsesTheirOwnBudget() {
        List<VerificationSummaryStore.Key> told = new ArrayList<>();
        SummarisedVerificationEvents events = new SummarisedVerificationEvents(store,
                new SummarisedVerificationEvents.Settings(Duration.ofMillis(500), 3, 2), registry, clock,
                summaries -> told.addAll(summaries.keySet()));
        for (int i = 0; i < 50; i++) {
            events.record(rejected(T0.plusMillis(i), new KeyId(String.format("R%011d", i)), "198.51.100." + i,
                    "NOT_FOUND"));
        }
        events.record(valid(T0.plusMillis(100), "203.0.113.7"));
        events.record(valid(T0.plusMillis(110), "2001:db8::7"));
        events.record(valid(T0.plusMillis(120), "192.0.2.99")); // past the valid budget: folded
        events.flush();

        assertThat(told).filteredOn(key -> VerificationEvent.VALID.equals(key.outcome()))
                .extracting(VerificationSummaryStore.Key::keyId, VerificationSummaryStore.Key::clientIp)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(KEY_A, "203.0.113.7"),
                        org.assertj.core.groups.Tuple.tuple(KEY_A, "2001:db8::7"),
                        org.assertj.core.groups.Tuple.tuple(null, AuditEvent.OVERFLOW));
        assertThat(stored()).filteredOn(event -> AuditEvent.OVERFLOW.equals(event.clientIp()))
                .extracting(AuditEvent::code, AuditEvent::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("NOT_FOUND", 47L),
                        org.assertj.core.groups.Tuple.tuple("VALID", 1L));
        assertThat(total()).isEqualTo(53);
    }

    @Test
    void manyThreadsCountExactlyWhileFlushesRunAndMinutesAreSealedUnderThem() throws Exception {
        SummarisedVerificationEvents events = events(1_000);
        int threads = 8;
        int perThread = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch halfway = new CountDownLatch(threads);
        AtomicBoolean recording = new AtomicBoolean(true);
        try {
            List<Future<?>> recorders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                recorders.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        if (i == perThread / 2) {
                            halfway.countDown();
                        }
                        // two minutes, a few keys and addresses: every combination is hit by several threads
                        Instant at = T0.plusSeconds(i % 2 == 0 ? 10 : 70);
                        events.record(i % 3 == 0 ? rejected(at, null, "192.0.2." + (i % 5), "MALFORMED")
                                : valid(at, "192.0.2." + ((i + thread) % 7)));
                    }
                    return null;
                }));
            }
            Future<?> flusher = pool.submit(() -> {
                start.await();
                halfway.await();
                clock.millis.set(T0.plusSeconds(63).toEpochMilli()); // the first minute is sealed while written to
                while (recording.get()) {
                    events.flush();
                }
                return null;
            });
            start.countDown();
            for (Future<?> recorder : recorders) {
                recorder.get(1, TimeUnit.MINUTES);
            }
            recording.set(false);
            flusher.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        events.close();

        assertThat(total()).isEqualTo((long) threads * perThread);
        long firstMinute = stored().stream().filter(event -> event.at().equals(T0)).mapToLong(AuditEvent::count).sum();
        assertThat(firstMinute).isEqualTo((long) threads * perThread / 2);
        assertThat(stored()).filteredOn(event -> event.code().equals("MALFORMED")).extracting(AuditEvent::count)
                .allSatisfy(count -> assertThat(count).isPositive());
        assertThat(folded()).isZero();
    }

    @Test
    void whatTheStoreRefusedIsKeptAndWrittenLaterExactly() {
        SummarisedVerificationEvents events = events(100);
        events.record(valid(T0.plusMillis(10), "192.0.2.1"));
        store.down = true;
        assertThatThrownBy(events::flush).isInstanceOf(IllegalStateException.class);
        events.record(valid(T0.plusMillis(20), "192.0.2.1"));
        clock.millis.set(T0.plusSeconds(65).toEpochMilli()); // sealed while the store is down
        assertThatThrownBy(events::flush).isInstanceOf(IllegalStateException.class);
        store.down = false;
        events.flush();

        assertThat(stored()).singleElement().extracting(AuditEvent::count).isEqualTo(2L);
    }

    @Test
    void whileTheStoreRefusesMoreThanTheBudgetOfSealedSummariesTheyFoldIntoOverflowStillExact() {
        SummarisedVerificationEvents events = events(5);
        store.down = true;
        for (int minute = 0; minute < 3; minute++) {
            for (int i = 0; i < 5; i++) {
                events.record(rejected(T0.plusSeconds(60L * minute), null, "192.0.2." + i, "NOT_FOUND"));
            }
        }
        clock.millis.set(T0.plusSeconds(300).toEpochMilli());
        assertThatThrownBy(events::flush).isInstanceOf(IllegalStateException.class);
        store.down = false;
        events.flush();

        assertThat(stored()).hasSize(3).allSatisfy(summary -> {
            assertThat(summary.clientIp()).isEqualTo(AuditEvent.OVERFLOW);
            assertThat(summary.count()).isEqualTo(5);
        });
        assertThat(folded()).isEqualTo(15.0);
    }

    @Test
    void whileTheStoreRefusesTheOldestMinutesPastTheCapAreDroppedAndCounted() {
        SummarisedVerificationEvents events = events(100);
        store.down = true;
        int minutes = SummarisedVerificationEvents.MAX_UNWRITTEN_MINUTES + 5;
        for (int minute = 0; minute < minutes; minute++) {
            events.record(valid(T0.plusSeconds(60L * minute), "192.0.2.1"));
            clock.millis.set(T0.plusSeconds(60L * (minute + 1) + 5).toEpochMilli());
            assertThatThrownBy(events::flush).isInstanceOf(IllegalStateException.class);
        }
        store.down = false;
        events.flush();

        assertThat(stored()).hasSize(SummarisedVerificationEvents.MAX_UNWRITTEN_MINUTES)
                .noneMatch(summary -> summary.at().isBefore(T0.plusSeconds(60L * 5)));
        assertThat(registry.get("latchkey.audit.summaries.dropped").counter().count()).isEqualTo(5.0);
    }

    @Test
    void closeWritesEverythingCountedAndStopsTheFlusher() {
        SummarisedVerificationEvents events = events(100);
        events.start();
        for (int i = 0; i < 1_000; i++) {
            events.record(valid(T0.plusMillis(i), "192.0.2." + (i % 3)));
        }
        events.close();

        assertThat(total()).isEqualTo(1_000);
    }

    @Test
    void aVerificationRecordedAfterCloseIsCountedNotSilentlyLost() {
        SummarisedVerificationEvents events = events(100);
        events.record(valid(T0.plusMillis(1), "192.0.2.1"));
        events.close();

        events.record(valid(T0.plusMillis(2), "192.0.2.1"));

        assertThat(total()).isEqualTo(1);
        assertThat(registry.get("latchkey.audit.summaries.after.close").counter().count()).isEqualTo(1.0);
    }
}
