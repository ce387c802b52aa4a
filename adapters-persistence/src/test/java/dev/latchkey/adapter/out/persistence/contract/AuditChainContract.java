package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.in.audit.VerifyAuditChain.Breakage;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.service.audit.AuditChainVerification;
import dev.latchkey.application.service.audit.AuditCheckpoints;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditChain;
import dev.latchkey.domain.audit.AuditCheckpoint;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every audit store's chain must do (docs/audit-chain.md): link every event it writes, whoever writes it, in one
 * chain that stays valid under concurrent writers and retention; and what verification must find when a row is edited,
 * put in or taken out behind the store's back (each store does that its own way: SQL, or the in-memory test hook).
 */
public abstract class AuditChainContract extends OnEmptyStores {

    private static final KeyId KEY = new KeyId("AAAAAAAAAAAA");
    private static final UserId USER = new UserId("01a20500-14f8-749d-b734-6677a3055c10");

    /** Changes the request id of the event at link {@code sequence}, leaving its hash. */
    protected abstract void editEvent(long sequence);

    /** Puts in an event as a row of its own, without a link, at the time of link {@code likeSequence}. */
    protected abstract long insertUnchainedEvent(long likeSequence);

    /** Takes out the event at link {@code sequence}. */
    protected abstract void deleteEvent(long sequence);

    /** Sets the head back to link {@code sequence} with {@code hash}, as an insider covering a deleted tail would. */
    protected abstract void rewindHead(long sequence, String hash);

    /** Puts in a copy of the event at link {@code likeSequence} as link {@code sequence}, with a made-up hash. */
    protected abstract long insertLinkAt(long sequence, long likeSequence);

    /** Sets the purge marker to link {@code sequence} with {@code hash}, as an insider covering a deleted start would. */
    protected abstract void movePurgeMarker(long sequence, String hash);

    /** Retention's purge, as the service calls it. */
    protected int purgeBefore(Instant before, int batch) {
        return stores.auditEvents().purgeBefore(before, batch);
    }

    protected AuditChainLinks chain() {
        return (AuditChainLinks) stores.auditEvents();
    }

    protected VerifyAuditChain.Report verify() {
        return new AuditChainVerification(chain()).verify(VerifyAuditChain.Request.all());
    }

    private static AuditEvent event(int second, AuditEventType type) {
        return new AuditEvent(0, Fixtures.T0.plusSeconds(second).plusNanos(123_456_789), type, true, null, KEY,
                USER, KEY, "203.0.113.9", "req-" + second, second % 2 == 0 ? null : "détail «" + second + "»");
    }

    /** 5 changes one at a time, then 20 events in a batch: links 1 to 25. */
    protected void write25() {
        for (int i = 0; i < 5; i++) {
            stores.auditEvents().append(event(i, AuditEventType.KEY_ISSUED));
        }
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 5; i < 25; i++) {
            batch.add(event(i, AuditEventType.KEY_VERIFIED));
        }
        stores.auditEvents().appendAll(batch);
    }

    private long eventIdAt(long sequence) {
        return chain().links(sequence, 1).get(0).eventId();
    }

    @Test
    void anUntouchedChainIsIntactFromGenesis() {
        write25();

        VerifyAuditChain.Report report = verify();

        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.intact()).isTrue();
        assertThat(report.checked()).isEqualTo(25);
        assertThat(report.firstChecked()).isEqualTo(1);
        assertThat(report.lastChecked()).isEqualTo(25);
        assertThat(report.headSequence()).isEqualTo(25);
        assertThat(report.purged()).isZero();
        assertThat(report.continueFrom()).isEmpty();
        List<AuditChain.Link> links = chain().links(1, 100);
        byte[] previous = AuditChain.GENESIS;
        for (AuditChain.Link link : links) { // the stored link is what the documented canonical form gives
            previous = AuditChain.link(previous, link.sequence(), link.event());
            assertThat(link.hash()).isEqualTo(AuditChain.hex(previous));
        }
        assertThat(report.headHash()).isEqualTo(AuditChain.hex(previous));
    }

    @Test
    void anEmptyChainIsIntact() {
        VerifyAuditChain.Report report = verify();

        assertThat(report.intact()).isTrue();
        assertThat(report.checked()).isZero();
    }

    @Test
    void anEditedRowIsTheFirstBrokenLink() {
        write25();
        editEvent(7);

        VerifyAuditChain.Report report = verify();

        assertThat(report.intact()).isFalse();
        VerifyAuditChain.Break broken = report.firstBreak().orElseThrow();
        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.sequence()).isEqualTo(7);
        assertThat(broken.eventId()).isEqualTo(eventIdAt(7));
        assertThat(broken.found()).isNotEqualTo(broken.expected());
        assertThat(report.lastChecked()).isEqualTo(6);
    }

    @Test
    void anInsertedRowIsFound() {
        write25();
        long inserted = insertUnchainedEvent(12);

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.INSERTED);
        assertThat(broken.eventId()).isEqualTo(inserted);
    }

    @Test
    void aDeletedRowIsTheFirstBrokenLink() {
        write25();
        deleteEvent(9);

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.DELETED);
        assertThat(broken.sequence()).isEqualTo(9);
    }

    @Test
    void aDeletedFirstRowIsFoundThoughRetentionDeletesFromTheStart() {
        write25();
        deleteEvent(1);

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.DELETED);
        assertThat(broken.sequence()).isEqualTo(1);
    }

    @Test
    void aDeletedTailIsFoundByTheHeadOrElseByACheckpoint() {
        write25();
        AuditChain.State announced = chain().state();
        String hashOf23 = chain().links(23, 1).get(0).hash();
        deleteEvent(25);
        deleteEvent(24);

        VerifyAuditChain.Break byHead = verify().firstBreak().orElseThrow();
        assertThat(byHead.kind()).isEqualTo(Breakage.DELETED);
        assertThat(byHead.sequence()).isEqualTo(24);

        rewindHead(23, hashOf23); // the insider covers the tail: only what left the database can tell
        assertThat(verify().intact()).isTrue();
        VerifyAuditChain.Report held = new AuditChainVerification(chain()).verify(new VerifyAuditChain.Request(
                OptionalLong.empty(), Optional.empty(), Long.MAX_VALUE, Optional.of(
                        new VerifyAuditChain.Checkpoint(announced.headSequence(), announced.headHash()))));
        assertThat(held.intact()).isFalse();
        assertThat(held.firstBreak().orElseThrow().kind()).isEqualTo(Breakage.DELETED);
        assertThat(held.firstBreak().orElseThrow().sequence()).isEqualTo(25);
    }

    @Test
    void retentionPurgesFromTheStartAndTheRestStaysExact() {
        write25();

        int purged = stores.auditEvents().purgeBefore(Fixtures.T0.plusSeconds(10), 7);
        purged += stores.auditEvents().purgeBefore(Fixtures.T0.plusSeconds(10), 7);

        assertThat(purged).isEqualTo(10);
        VerifyAuditChain.Report report = verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.purged()).isEqualTo(10);
        assertThat(report.firstChecked()).isEqualTo(11);
        assertThat(report.checked()).isEqualTo(15);

        editEvent(11); // the oldest link kept is checked too: the purged link's hash was kept
        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();
        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.sequence()).isEqualTo(11);
    }

    @Test
    void aRowPutInAtASequenceRetentionPurgedIsFound() {
        write25();
        stores.auditEvents().purgeBefore(Fixtures.T0.plusSeconds(10), 100);
        long inserted = insertLinkAt(5, 12); // where no walk looks: before the oldest link kept

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.INSERTED);
        assertThat(broken.eventId()).isEqualTo(inserted);
    }

    private VerifyAuditChain.Report verifyAt(Instant now, Duration retention) {
        return new AuditChainVerification(chain(), Clock.fixed(now, ZoneOffset.UTC), retention)
                .verify(VerifyAuditChain.Request.all());
    }

    @Test
    void recentLinksDeletedFromTheStartUnderAMovedPurgeMarkerAreADeletion() {
        write25();
        String hashOf8 = chain().links(8, 1).get(0).hash();
        for (long sequence = 1; sequence <= 8; sequence++) {
            deleteEvent(sequence);
        }
        movePurgeMarker(8, hashOf8); // the review's proof: the walk would start from link 9, and find it intact

        VerifyAuditChain.Report report = verifyAt(Fixtures.T0.plus(Duration.ofDays(1)), Duration.ofDays(90));

        assertThat(report.intact()).isFalse();
        assertThat(report.firstBreak().orElseThrow().kind()).isEqualTo(Breakage.DELETED);
        assertThat(report.firstBreak().orElseThrow().sequence()).isEqualTo(1);
    }

    @Test
    void aPurgeIsNoDeletionOnlyOnceItsLinksAreOlderThanRetention() {
        write25();
        Duration retention = Duration.ofDays(90);
        stores.auditEvents().purgeBefore(Fixtures.T0.plusSeconds(10), 100); // as retention does at T0+10s+90d

        assertThat(verifyAt(Fixtures.T0.plusSeconds(10).plus(retention), retention).intact()).isTrue();
        VerifyAuditChain.Break early = verifyAt(Fixtures.T0.plus(Duration.ofDays(1)), retention).firstBreak()
                .orElseThrow(); // purged a day after they were written: not by a retention of 90 days
        assertThat(early.kind()).isEqualTo(Breakage.DELETED);
    }

    @Test
    void aPurgeMarkerThatIsNoHashIsAnEditNotAFailure() {
        write25();
        movePurgeMarker(0, "not a hash");

        VerifyAuditChain.Report report = verify();

        assertThat(report.intact()).isFalse();
        assertThat(report.firstBreak().orElseThrow().kind()).isEqualTo(Breakage.EDITED);
        assertThat(report.firstBreak().orElseThrow().explanation()).contains("not 64 hex digits");
    }

    @Test
    void retentionPurgingWhileTheWalkGoesOnIsNoDeletion() {
        write25();
        AuditChainLinks store = chain();
        boolean[] purged = {false};
        AuditChainLinks purgingMeanwhile = new AuditChainLinks() {
            @Override
            public AuditChain.State state() {
                AuditChain.State before = store.state();
                if (!purged[0]) { // the walk read the state; retention purges before it reads a link
                    purged[0] = true;
                    stores.auditEvents().purgeBefore(Fixtures.T0.plusSeconds(10), 100);
                }
                return before;
            }

            @Override
            public List<AuditChain.Link> links(long from, int limit) {
                return store.links(from, limit);
            }

            @Override
            public OptionalLong firstAtOrAfter(Instant at) {
                return store.firstAtOrAfter(at);
            }

            @Override
            public OptionalLong unchainedAfterStart() {
                return store.unchainedAfterStart();
            }

            @Override
            public long unchainedBeforeStart() {
                return store.unchainedBeforeStart();
            }
        };

        VerifyAuditChain.Report report = new AuditChainVerification(purgingMeanwhile)
                .verify(VerifyAuditChain.Request.all());

        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.purged()).isEqualTo(10);
        assertThat(report.checked()).isEqualTo(15);
    }

    @Test
    void aCappedWalkSaysWhereToGoOnAndGoesOnFromThere() {
        write25();

        VerifyAuditChain.Report first = new AuditChainVerification(chain()).verify(new VerifyAuditChain.Request(
                OptionalLong.empty(), Optional.empty(), 10, Optional.empty()));
        assertThat(first.intact()).isTrue();
        assertThat(first.checked()).isEqualTo(10);
        assertThat(first.continueFrom()).hasValue(11);

        editEvent(20);
        VerifyAuditChain.Report rest = new AuditChainVerification(chain()).verify(new VerifyAuditChain.Request(
                OptionalLong.of(11), Optional.empty(), 100, Optional.empty()));
        assertThat(rest.firstBreak().orElseThrow().sequence()).isEqualTo(20);

        VerifyAuditChain.Report since = new AuditChainVerification(chain()).verify(new VerifyAuditChain.Request(
                OptionalLong.empty(), Optional.of(Fixtures.T0.plusSeconds(21)), 100, Optional.empty()));
        assertThat(since.firstChecked()).isEqualTo(22);
        assertThat(since.intact()).isTrue();
    }

    @Test
    void concurrentWritersStillGiveOneValidChain() throws Exception {
        int writers = 4;
        int each = 15;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        int second = writer * 100 + i;
                        if (i % 5 == 4) {
                            stores.auditEvents().appendAll(List.of(event(second, AuditEventType.KEY_VERIFIED),
                                    event(second, AuditEventType.KEY_REJECTED)));
                        } else {
                            stores.transactions().inTransaction(
                                    () -> stores.auditEvents().append(event(second, AuditEventType.KEY_UPDATED)));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }

        int expected = writers * (each + each / 5);
        VerifyAuditChain.Report report = verify();
        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.checked()).isEqualTo(expected);
        assertThat(stores.auditEvents().find(AuditFilter.ALL, Optional.empty(), 1_000)).hasSize(expected);
    }

    @Test
    void aCheckpointIsTakenOnceAnIntervalSignedAndAnnouncedAndHoldsTheChainToItsHead() throws Exception {
        write25();
        byte[] pepper = "checkpoint-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        Instant[] now = {Fixtures.T0.plusSeconds(3_600)};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        AuditCheckpoints checkpoints = new AuditCheckpoints(chain(), stores.webhookOutbox(), stores.leases(),
                AuditCheckpoint.Signer.hmac(pepper), Duration.ofHours(1), clock, new Random(7));

        AuditCheckpoint taken = checkpoints.takeIfDue().orElseThrow();
        assertThat(checkpoints.takeIfDue()).as("once an interval").isEmpty();
        now[0] = now[0].plus(Duration.ofMinutes(61));
        assertThat(checkpoints.takeIfDue()).as("the next interval").isPresent();

        assertThat(taken.sequence()).isEqualTo(25);
        assertThat(taken.headEventId()).isEqualTo(eventIdAt(25));
        assertThat(taken.headHash()).isEqualTo(chain().state().headHash());
        assertThat(taken.signedWithPepper(pepper)).isTrue();
        assertThat(taken.signedWithPepper("another-pepper-0123456789abcdefghijkl".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(stores.webhookOutbox().undispatched(10)).extracting(WebhookOutbox.NewEvent::type)
                .containsExactly(WebhookEventType.AUDIT_CHECKPOINT, WebhookEventType.AUDIT_CHECKPOINT);

        KeyPair operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        AuditCheckpoint signed = AuditCheckpoint.sign(7, 70, taken.headHash(), taken.at(),
                AuditCheckpoint.Signer.ed25519(operator.getPrivate()));
        assertThat(signed.signedWith(operator.getPublic())).isTrue();
        assertThat(new AuditCheckpoint(8, 70, signed.headHash(), signed.at(), signed.algorithm(), signed.signature())
                .signedWith(operator.getPublic())).as("another head under the same signature").isFalse();
    }
}
