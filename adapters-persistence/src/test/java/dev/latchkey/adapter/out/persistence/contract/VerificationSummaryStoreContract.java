package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore.Delta;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore.Key;
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
import org.junit.jupiter.api.Test;

/**
 * What every {@link VerificationSummaryStore} must do: add deltas to rows (so that nodes add up), keep every field,
 * list newest first by each filter of the audit listing, page, purge.
 */
public abstract class VerificationSummaryStoreContract extends OnEmptyStores {

    private static final Instant MINUTE = Instant.parse("2026-11-22T10:00:00Z");
    private static final KeyId KEY_A = new KeyId("AAAAAAAAAAAA");
    private static final KeyId KEY_B = new KeyId("BBBBBBBBBBBB");
    private static final UserId USER = new UserId("01a20500-14f8-749d-b734-6677a3055c10");

    private List<AuditEvent> all(AuditFilter filter) {
        return stores.summaries().find(filter, Optional.empty(), 1_000);
    }

    private List<AuditEvent> paged(AuditFilter filter, int size) {
        return AuditPages.paged(stores.summaries()::find, filter, size);
    }

    private static AuditFilter filter(UserId user, KeyId key, AuditEventType type, Instant since, Instant until) {
        return new AuditFilter(Optional.ofNullable(user), Optional.ofNullable(key), Optional.ofNullable(type),
                Optional.ofNullable(since), Optional.ofNullable(until));
    }

    @Test
    void addsDeltasToTheirRowKeepingTheEarliestAndLatestTimeAndEveryField() {
        Key key = new Key(MINUTE, KEY_A, "2001:db8::7", VerificationEvent.VALID);
        stores.summaries().addAll(Map.of(key, new Delta(3, MINUTE.plusMillis(500), MINUTE.plusSeconds(20), USER)));
        stores.summaries().addAll(Map.of(key, new Delta(4, MINUTE.plusNanos(1_000), MINUTE.plusSeconds(10), USER)));
        stores.summaries().addAll(Map.of(key,
                new Delta(1, MINUTE.plusSeconds(5), MINUTE.plusSeconds(59).plusNanos(999_999_000), USER)));

        assertThat(all(AuditFilter.ALL)).singleElement().satisfies(summary -> {
            assertThat(summary.id()).isGreaterThan(VerificationSummaryStore.ID_BASE);
            assertThat(summary).isEqualTo(AuditEvent.summary(summary.id(), MINUTE, VerificationEvent.VALID, KEY_A,
                    USER, "2001:db8::7", 8, MINUTE.plusNanos(1_000), MINUTE.plusSeconds(59).plusNanos(999_999_000)));
            assertThat(summary.type()).isEqualTo(AuditEventType.KEY_VERIFIED);
            assertThat(summary.success()).isTrue();
        });
    }

    @Test
    void keepsKeysThatDidNotParseUnknownAddressesAndTheOverflowApart() {
        stores.summaries().addAll(Map.of(
                new Key(MINUTE, null, "192.0.2.1", "MALFORMED"), new Delta(2, MINUTE, MINUTE, null),
                new Key(MINUTE, null, null, "MALFORMED"), new Delta(3, MINUTE, MINUTE, null),
                new Key(MINUTE, null, AuditEvent.OVERFLOW, "MALFORMED"), new Delta(5, MINUTE, MINUTE, null),
                new Key(MINUTE, KEY_A, "192.0.2.1", "MALFORMED"), new Delta(7, MINUTE, MINUTE, null)));

        assertThat(all(AuditFilter.ALL)).extracting(AuditEvent::keyId, AuditEvent::clientIp, AuditEvent::count,
                AuditEvent::type).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(null, "192.0.2.1", 2L, AuditEventType.KEY_REJECTED),
                org.assertj.core.groups.Tuple.tuple(null, null, 3L, AuditEventType.KEY_REJECTED),
                org.assertj.core.groups.Tuple.tuple(null, AuditEvent.OVERFLOW, 5L, AuditEventType.KEY_REJECTED),
                org.assertj.core.groups.Tuple.tuple(KEY_A, "192.0.2.1", 7L, AuditEventType.KEY_REJECTED));
    }

    @Test
    void listsNewestFirstByEachFilterAndPagesWithoutGapsOrRepeats() {
        for (int minute = 0; minute < 6; minute++) {
            Instant start = MINUTE.plusSeconds(60L * minute);
            for (int address = 0; address < 5; address++) {
                stores.summaries().addAll(Map.of(
                        new Key(start, KEY_A, "192.0.2." + address, VerificationEvent.VALID),
                        new Delta(1, start, start, USER),
                        new Key(start, KEY_B, "192.0.2." + address, "EXPIRED"), new Delta(1, start, start, null)));
            }
        }

        List<AuditEvent> paged = paged(AuditFilter.ALL, 7);
        assertThat(paged).hasSize(60);
        assertThat(paged).extracting(AuditEvent::id).doesNotHaveDuplicates();
        for (int i = 1; i < paged.size(); i++) {
            AuditEvent before = paged.get(i - 1);
            AuditEvent next = paged.get(i);
            assertThat(next.at().isBefore(before.at()) || (next.at().equals(before.at()) && next.id() < before.id()))
                    .isTrue();
        }
        assertThat(all(filter(null, KEY_A, null, null, null))).hasSize(30).allMatch(s -> KEY_A.equals(s.keyId()));
        assertThat(all(filter(USER, null, null, null, null))).hasSize(30).allMatch(s -> USER.equals(s.userId()));
        assertThat(all(filter(null, null, AuditEventType.KEY_VERIFIED, null, null))).hasSize(30)
                .allMatch(AuditEvent::success);
        assertThat(all(filter(null, null, AuditEventType.KEY_REJECTED, null, null))).hasSize(30)
                .allMatch(s -> s.code().equals("EXPIRED"));
        assertThat(all(filter(null, null, AuditEventType.KEY_ISSUED, null, null))).isEmpty();
        assertThat(all(filter(null, KEY_B, null, MINUTE.plusSeconds(60), MINUTE.plusSeconds(180)))).hasSize(10)
                .allMatch(s -> !s.at().isBefore(MINUTE.plusSeconds(60)) && s.at().isBefore(MINUTE.plusSeconds(180)));
        // by key, in pages smaller and larger than a minute's rows: the same items in the same order as in one page
        for (int size : new int[] {1, 2, 5, 7, 31}) {
            assertThat(paged(filter(null, KEY_A, null, null, null), size))
                    .isEqualTo(all(filter(null, KEY_A, null, null, null)));
            assertThat(paged(filter(null, KEY_B, AuditEventType.KEY_REJECTED, null, MINUTE.plusSeconds(240)), size))
                    .hasSize(20).isEqualTo(all(filter(null, KEY_B, AuditEventType.KEY_REJECTED, null,
                            MINUTE.plusSeconds(240))));
        }
        // a position between two audit events of the same minute start: summaries at it come after it
        assertThat(stores.summaries().find(AuditFilter.ALL, Optional.of(new AuditLog.Position(MINUTE, 5)), 100))
                .isEmpty();
        assertThat(stores.summaries().find(AuditFilter.ALL,
                Optional.of(new AuditLog.Position(MINUTE, Long.MAX_VALUE)), 100)).hasSize(10);
    }

    @Test
    void purgesTheMinutesBeforeATime() {
        stores.summaries().addAll(Map.of(
                new Key(MINUTE, KEY_A, "192.0.2.1", "VALID"), new Delta(1, MINUTE, MINUTE, USER),
                new Key(MINUTE.plusSeconds(60), KEY_A, "192.0.2.1", "VALID"),
                new Delta(1, MINUTE.plusSeconds(60), MINUTE.plusSeconds(60), USER)));

        assertThat(stores.summaries().purgeBefore(MINUTE.plusSeconds(60), 10)).isEqualTo(1);

        assertThat(all(AuditFilter.ALL)).extracting(AuditEvent::at).containsExactly(MINUTE.plusSeconds(60));
    }

    /** Two nodes, each summarising on several threads and flushing as it goes, into one store: the totals are exact. */
    @Test
    void twoNodesWritingTheSameSummariesAtOnceAddUpExactly() throws Exception {
        Clock clock = Clock.fixed(MINUTE.plusSeconds(30), ZoneOffset.UTC);
        int nodes = 2;
        int perNode = 20_000;
        List<SummarisedVerificationEvents> summarising = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            summarising.add(new SummarisedVerificationEvents(stores.summaries(),
                    new SummarisedVerificationEvents.Settings(Duration.ofMillis(500), 50), new SimpleMeterRegistry(),
                    clock));
        }
        CountDownLatch bothStarted = new CountDownLatch(nodes);
        SeveralNodes.atOnce(nodes, node -> {
            SummarisedVerificationEvents events = summarising.get(node);
            bothStarted.countDown();
            bothStarted.await();
            for (int i = 0; i < perNode; i++) {
                Instant at = MINUTE.plusSeconds(i % 2 == 0 ? 1 : 61).plusNanos(1_000L * node);
                events.record(i % 4 == 0
                        ? new VerificationEvent(at, null, null, "MALFORMED", "192.0.2." + (i % 150), null, null, null)
                        : new VerificationEvent(at, KEY_A, USER, VerificationEvent.VALID, "192.0.2." + (i % 9), null,
                                null, null));
                if (i % 2_000 == 0) {
                    events.flush();
                }
            }
            events.close();
        });

        List<AuditEvent> stored = all(AuditFilter.ALL);
        assertThat(stored.stream().mapToLong(AuditEvent::count).sum()).isEqualTo((long) nodes * perNode);
        assertThat(all(filter(null, KEY_A, null, MINUTE, MINUTE.plusSeconds(60))).stream()
                .mapToLong(AuditEvent::count).sum()).isEqualTo(nodes * perNode / 4);
        assertThat(stored).filteredOn(s -> s.keyId() != null && s.clientIp().equals("192.0.2.0")
                        && s.at().equals(MINUTE)).singleElement()
                .satisfies(s -> {
                    assertThat(s.firstAt()).isEqualTo(MINUTE.plusSeconds(1));
                    assertThat(s.lastAt()).isEqualTo(MINUTE.plusSeconds(1).plusNanos(1_000));
                });
        // 50 summaries a minute a node: the rest of the 84 combinations of each minute are in overflow rows
        assertThat(stored).filteredOn(s -> AuditEvent.OVERFLOW.equals(s.clientIp())).isNotEmpty()
                .allMatch(s -> s.keyId() == null);
    }
}
