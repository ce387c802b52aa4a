package dev.latchkey.adapter.out.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.memory.InMemoryStores;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueuedAuditLogTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** The in-memory store, refusing batches while {@code down}. */
    private static final class FlakyStore implements AuditEventStore {
        private final AuditEventStore events = InMemoryStores.empty().auditEvents();
        volatile boolean down;
        final List<Integer> batchSizes = new java.util.ArrayList<>();
        Runnable duringWrite = () -> { };

        @Override
        public void append(AuditEvent event) {
            events.append(event);
        }

        @Override
        public void appendAll(List<AuditEvent> batch) {
            if (down) {
                throw new IllegalStateException("store down");
            }
            batchSizes.add(batch.size());
            duringWrite.run();
            events.appendAll(batch);
        }

        @Override
        public List<AuditEvent> find(AuditFilter filter, Optional<dev.latchkey.application.port.out.audit.AuditLog.Position> after,
                                     int limit) {
            return events.find(filter, after, limit);
        }

        @Override
        public int purgeBefore(Instant before, int batch) {
            return events.purgeBefore(before, batch);
        }
    }

    private final FlakyStore store = new FlakyStore();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final QueuedAuditLog log = new QueuedAuditLog(store,
            new QueuedAuditLog.Settings(3, Duration.ofMillis(500), 2, 2, Duration.ofDays(90), 10), registry,
            Clock.systemUTC());

    private static AuditEvent verified(int second) {
        return new AuditEvent(0, T0.plusSeconds(second), AuditEventType.KEY_VERIFIED, true, "VALID", null, null, null,
                null, null);
    }

    private List<AuditEvent> stored() {
        return store.find(AuditFilter.ALL, Optional.empty(), 100);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        for (int i = 0; i < 5; i++) {
            log.appendLater(verified(i));
        }

        assertThat(registry.get("latchkey.audit.dropped").counter().count()).isEqualTo(2);
        log.flush();
        assertThat(stored()).hasSize(3);
        assertThat(registry.get("latchkey.audit.written").counter().count()).isEqualTo(3);
    }

    @Test
    void aBatchTheStoreRefusesIsKeptAndWrittenWhenItIsBack() {
        log.appendLater(verified(1));
        log.appendLater(verified(2));
        log.appendLater(verified(3));
        store.down = true;

        assertThatThrownBy(log::flush).isInstanceOf(IllegalStateException.class);
        assertThat(stored()).isEmpty();
        store.down = false;
        log.flush();

        assertThat(stored()).hasSize(3);
    }

    @Test
    void aFlushWritesWhatWasQueuedWhenItBeganAndLeavesLaterArrivalsForTheNext() {
        log.appendLater(verified(1));
        log.appendLater(verified(2));
        log.appendLater(verified(3));
        store.duringWrite = () -> log.appendLater(verified(9)); // requests go on while a batch is written

        log.flush();

        assertThat(store.batchSizes).containsExactly(2, 1);
        assertThat(stored()).hasSize(3);
        assertThat(registry.get("latchkey.audit.queued").gauge().value()).isEqualTo(2);
    }

    @Test
    void aFullBatchIsWrittenAtOnceAndLessWaitsForTheInterval() throws InterruptedException {
        QueuedAuditLog slow = new QueuedAuditLog(store,
                new QueuedAuditLog.Settings(100, Duration.ofSeconds(30), 2, 2, Duration.ofDays(90), 10), registry,
                Clock.systemUTC());
        slow.start();
        try {
            slow.appendLater(verified(1));
            Thread.sleep(300);
            assertThat(stored()).as("one event of a batch of two waits for the 30 s interval").isEmpty();

            slow.appendLater(verified(2));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stored().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(stored()).as("a full batch is written without waiting for the interval").hasSize(2);
        } finally {
            slow.close();
        }
    }

    @Test
    void closingWritesWhatIsStillQueued() {
        log.start();
        log.appendLater(verified(1));
        log.appendLater(verified(2));

        log.close();

        assertThat(stored()).hasSize(2);
    }
}
