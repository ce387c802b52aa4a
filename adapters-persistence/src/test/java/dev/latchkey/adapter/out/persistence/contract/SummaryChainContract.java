package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.in.audit.VerifyAuditChain.Breakage;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.application.service.audit.AuditChainVerification;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditChain;
import dev.latchkey.domain.audit.SummaryChain;
import dev.latchkey.domain.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every store's chain of verification summaries must do (docs/audit-chain.md): one link per sealed minute (once,
 * whoever seals), an amended link when a flush adds to a sealed minute, retention from the chain's start; and what
 * verification must find when a summary row or a link is edited, put in or taken out behind the store's back.
 */
public abstract class SummaryChainContract extends OnEmptyStores {

    /** The minute of the first summaries; the contract writes minutes {@code M0} to {@code M0 + 4}. */
    protected static final Instant M0 = Instant.parse("2026-11-22T10:15:00Z");
    /** The key of one row of each minute, the one the tampering hooks change. */
    protected static final KeyId KEY = new KeyId("AAAAAAAAAAAA");
    private static final KeyId OTHER = new KeyId("CCCCCCCCCCCC");
    private static final UserId USER = new UserId("01a20500-14f8-749d-b734-6677a3055c10");

    /** Adds one to the count of the row of {@link #KEY} in {@code minute}, leaving the links. */
    protected abstract void editSummaryCount(Instant minute);

    /** Puts in a row of another key in {@code minute}. */
    protected abstract void insertSummary(Instant minute);

    /** Takes out the row of {@link #KEY} in {@code minute}. */
    protected abstract void deleteSummary(Instant minute);

    /** Adds one to the verifications of link {@code sequence}, leaving its hash. */
    protected abstract void editLink(long sequence);

    /** Takes out link {@code sequence}. */
    protected abstract void deleteLink(long sequence);

    /** Appends {@code link} after the head and moves the head to it, as SQL would. */
    protected abstract void appendLink(SummaryChain.Link link);

    /** Sets the chain's marker {@code column} ({@code purged_before}, {@code chained_from} or {@code sealed_before}). */
    protected abstract void moveMarker(String column, Instant to);

    /** Sets the stored hash of link {@code sequence}, or the purged link's hash when {@code sequence} is 0. */
    protected abstract void setHash(long sequence, String hash);

    private void moveSealedBefore(Instant to) {
        moveMarker("sealed_before", to);
    }

    /** The time verification takes as now: well after the minutes the contract writes. */
    private static final Instant NOW = M0.plusSeconds(60L * 30);
    private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

    private static Instant minute(int n) {
        return M0.plusSeconds(60L * n);
    }

    private SummaryChainLinks chain() {
        return (SummaryChainLinks) stores.summaries();
    }

    private VerifyAuditChain.Summaries verify() {
        VerifyAuditChain.Report report = new AuditChainVerification((AuditChainLinks) stores.auditEvents(), chain(),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1)).verify(VerifyAuditChain.Request.all());
        assertThat(report.intact()).isEqualTo(report.summaries().intact());
        return report.summaries();
    }

    /** Three rows in {@code minute}: a valid key's, a rejected key's, and keys that did not parse from nowhere known. */
    private void flush(int minute, long count) {
        Instant at = minute(minute).plusSeconds(7).plusNanos(123_456_789);
        Map<VerificationSummaryStore.Key, VerificationSummaryStore.Delta> deltas = new HashMap<>();
        deltas.put(new VerificationSummaryStore.Key(minute(minute), KEY, "203.0.113.9", "VALID"),
                new VerificationSummaryStore.Delta(count, at, at.plusSeconds(3), USER));
        deltas.put(new VerificationSummaryStore.Key(minute(minute), OTHER, "2001:db8::1", "KEY_REVOKED"),
                new VerificationSummaryStore.Delta(count + 1, at, at, null));
        deltas.put(new VerificationSummaryStore.Key(minute(minute), null, null, "MALFORMED"),
                new VerificationSummaryStore.Delta(2, at, at.plusSeconds(1), null));
        stores.summaries().addAll(deltas);
    }

    /** Minutes 0 to 4 flushed (twice each: nodes add up), and sealed: links 1 to 5. */
    private void sealFive() {
        for (int i = 0; i < 5; i++) {
            flush(i, 3);
            flush(i, 4);
        }
        assertThat(stores.summaries().seal(minute(5), 1_000)).isEqualTo(5);
    }

    @Test
    void sealedMinutesAreOneLinkEachAndIntact() {
        sealFive();

        VerifyAuditChain.Summaries report = verify();

        assertThat(report.firstBreak()).isEmpty();
        assertThat(report.intact()).isTrue();
        assertThat(report.checked()).isEqualTo(5);
        assertThat(report.minutesChecked()).isEqualTo(5);
        assertThat(report.headSequence()).isEqualTo(5);
        List<SummaryChain.Link> links = chain().links(1, 100);
        String previous = AuditChain.hex(AuditChain.GENESIS);
        for (int i = 0; i < 5; i++) { // each stored link is what the documented forms give from the minute's rows
            SummaryChain.Link link = links.get(i);
            assertThat(link.minute()).isEqualTo(minute(i));
            assertThat(link.amended()).isFalse();
            assertThat(link.sealedBefore()).isEqualTo(minute(5));
            assertThat(link.digest().rows()).isEqualTo(3);
            assertThat(link.digest().verifications()).isEqualTo(7 + 9 + 4);
            SummaryChain.Link recomputed = SummaryChain.next(previous, i + 1, minute(i), false, minute(5),
                    SummaryChain.digest(chain().rows(minute(i))));
            assertThat(link.hash()).isEqualTo(recomputed.hash());
            previous = link.hash();
        }
        assertThat(report.headHash()).isEqualTo(previous);
    }

    @Test
    void anEmptyChainIsIntact() {
        assertThat(verify().intact()).isTrue();
        flush(0, 1); // not sealed yet: nothing to check
        assertThat(verify().intact()).isTrue();
        assertThat(verify().checked()).isZero();
    }

    @Test
    void aMinuteSealedAlreadyIsNotSealedAgain() {
        sealFive();

        assertThat(stores.summaries().seal(minute(5), 1_000)).isZero();
        assertThat(stores.summaries().seal(minute(3), 1_000)).isZero();
        assertThat(chain().state().headSequence()).isEqualTo(5);
    }

    @Test
    void aBacklogIsSealedAtMostSomeMinutesAtATime() {
        for (int i = 0; i < 5; i++) {
            flush(i, 1);
        }

        assertThat(stores.summaries().seal(minute(5), 2)).isEqualTo(2);
        assertThat(stores.summaries().seal(minute(5), 2)).isEqualTo(2);
        assertThat(stores.summaries().seal(minute(5), 2)).isEqualTo(1);
        assertThat(chain().links(1, 100)).extracting(SummaryChain.Link::minute)
                .containsExactly(minute(0), minute(1), minute(2), minute(3), minute(4));
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void aLateFlushIntoASealedMinuteAmendsIt() {
        sealFive();

        flush(1, 5); // a node's retried flush, after the minute was sealed
        flush(6, 1); // not sealed yet: no link

        List<SummaryChain.Link> links = chain().links(1, 100);
        assertThat(links).hasSize(6);
        SummaryChain.Link amended = links.get(5);
        assertThat(amended.minute()).isEqualTo(minute(1));
        assertThat(amended.amended()).isTrue();
        assertThat(amended.digest().verifications()).isEqualTo(7 + 9 + 4 + 5 + 6 + 2);
        assertThat(links.get(1).newestOfMinute()).isEqualTo(6);
        VerifyAuditChain.Summaries report = verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.minutesChecked()).isEqualTo(5);
    }

    @Test
    void anEditedCountIsFound() {
        sealFive();
        editSummaryCount(minute(2));

        VerifyAuditChain.Summaries report = verify();

        assertThat(report.intact()).isFalse();
        VerifyAuditChain.Break broken = report.firstBreak().orElseThrow();
        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.sequence()).isEqualTo(3);
        assertThat(broken.explanation()).contains(minute(2).toString());
    }

    @Test
    void aRowPutInASealedMinuteIsFound() {
        sealFive();
        insertSummary(minute(1));

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.INSERTED);
        assertThat(broken.sequence()).isEqualTo(2);
    }

    @Test
    void aRowPutInASealedMinuteWithoutLinkIsFound() {
        sealFive();
        stores.summaries().seal(minute(9), 1_000); // minutes 5 to 8 sealed, without rows: no link
        insertSummary(minute(7));

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.INSERTED);
        assertThat(broken.sequence()).isZero();
        assertThat(broken.explanation()).contains(minute(7).toString());
    }

    @Test
    void aDeletedRowIsFound() {
        sealFive();
        deleteSummary(minute(3));

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.DELETED);
        assertThat(broken.sequence()).isEqualTo(4);
    }

    @Test
    void anEditedLinkIsFound() {
        sealFive();
        editLink(2);

        VerifyAuditChain.Summaries report = verify();

        VerifyAuditChain.Break broken = report.firstBreak().orElseThrow();
        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.sequence()).isEqualTo(2);
        assertThat(report.lastChecked()).isEqualTo(1);
    }

    @Test
    void aDeletedLinkIsFound() {
        sealFive();
        deleteLink(3);

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.DELETED);
        assertThat(broken.sequence()).isEqualTo(3);
    }

    @Test
    void aDeletedLastLinkIsFoundByTheHead() {
        sealFive();
        deleteLink(5);

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.DELETED);
        assertThat(broken.sequence()).isEqualTo(5);
    }

    @Test
    void retentionPurgesFromTheStartAndMinutesBeingPurgedAreNotBroken() {
        sealFive();

        stores.summaries().purgeBefore(minute(2).plusSeconds(30), 1); // one row of minute 0 or 1; link 1
        assertThat(verify().intact()).isTrue();
        while (stores.summaries().purgeBefore(minute(2).plusSeconds(30), 1) > 0) {
            assertThat(verify().intact()).isTrue();
        }

        VerifyAuditChain.Summaries report = verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.purged()).isEqualTo(2);
        assertThat(report.firstChecked()).isEqualTo(3);
        assertThat(report.checked()).isEqualTo(3);
        assertThat(chain().rows(minute(1))).isEmpty();
        assertThat(chain().rows(minute(2))).hasSize(3);
    }

    @Test
    void theCapStopsAWalkAndTheNextCallGoesOn() {
        sealFive();
        VerifyAuditChain.Report first = new AuditChainVerification((AuditChainLinks) stores.auditEvents(), chain())
                .verify(new VerifyAuditChain.Request(OptionalLong.empty(), Optional.empty(), 2, Optional.empty()));

        assertThat(first.summaries().checked()).isEqualTo(2);
        assertThat(first.summaries().continueFrom()).hasValue(3);
        VerifyAuditChain.Report next = new AuditChainVerification((AuditChainLinks) stores.auditEvents(), chain())
                .verify(new VerifyAuditChain.Request(OptionalLong.empty(), Optional.empty(), 100, Optional.empty(),
                        OptionalLong.of(3)));
        assertThat(next.summaries().intact()).isTrue();
        assertThat(next.summaries().firstChecked()).isEqualTo(3);
        assertThat(next.summaries().checked()).isEqualTo(3);
    }

    @Test
    void twoNodesSealingTheSameMinutesAtOnceLinkEachOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            flush(i, 1);
        }
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> sealed = List.of(nodes.submit(() -> {
                ready.countDown();
                go.await();
                return stores.summaries().seal(minute(5), 1_000);
            }), nodes.submit(() -> {
                ready.countDown();
                go.await();
                return stores.summaries().seal(minute(5), 1_000);
            }));
            ready.await();
            go.countDown();
            assertThat(sealed.get(0).get() + sealed.get(1).get()).isEqualTo(5);
        } finally {
            nodes.shutdownNow();
        }
        assertThat(chain().links(1, 100)).hasSize(5);
        assertThat(verify().intact()).isTrue();
    }

    /** A link forged after the head for {@code minute}'s rows as they are now, as one with SQL could write it. */
    private void forgeLink(int minute, boolean amended, Instant sealedBefore) {
        SummaryChain.State state = chain().state();
        appendLink(SummaryChain.next(state.headHash(), state.headSequence() + 1, minute(minute), amended, sealedBefore,
                SummaryChain.digest(chain().rows(minute(minute)))));
    }

    @Test
    void anAmendedLinkLaunderingAnOldMinuteIsFound() {
        sealFive();
        assertThat(stores.summaries().seal(minute(20), 1_000)).isZero(); // minutes 5 to 19 sealed, no rows
        editSummaryCount(minute(2));
        forgeLink(2, true, minute(20)); // an amended link with the edited rows' digest, at the head

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.INSERTED);
        assertThat(broken.sequence()).isEqualTo(6);
        assertThat(broken.explanation()).contains("amends minute " + minute(2));
    }

    @Test
    void aLinkWhoseSealingPointGoesBackIsFound() {
        sealFive();
        editSummaryCount(minute(2));
        forgeLink(2, true, minute(3)); // within the window of a sealing point moved back

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.sequence()).isEqualTo(6);
        assertThat(broken.explanation()).contains("goes back");
    }

    @Test
    void aFlushTooLateToAmendIsDropped() {
        sealFive();
        stores.summaries().seal(minute(20), 1_000);

        flush(1, 5);

        assertThat(chain().state().headSequence()).isEqualTo(5);
        assertThat(SummaryChain.digest(chain().rows(minute(1))).verifications()).isEqualTo(7 + 9 + 4);
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void aSealingPointMovedBackIsNotSealedAgain() {
        sealFive();
        editSummaryCount(minute(2));
        moveSealedBefore(minute(2));

        assertThat(stores.summaries().seal(minute(6), 1_000)).isZero();

        assertThat(chain().state().headSequence()).isEqualTo(5);
        VerifyAuditChain.Summaries report = verify();
        assertThat(report.intact()).isFalse(); // the sealing point moved back is found (below)
        assertThat(report.firstBreak().orElseThrow().explanation()).contains("moved back");
    }

    @Test
    void aMinuteSealedASecondTimeIsFound() {
        sealFive();
        editSummaryCount(minute(2));
        forgeLink(2, false, minute(5)); // what a sealing from a sealing point moved back would write

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.INSERTED);
        assertThat(broken.sequence()).isEqualTo(6);
        assertThat(broken.explanation()).contains("again");
    }

    @Test
    void aSealingPointMovedBehindTheLastLinkIsFound() {
        sealFive();
        moveSealedBefore(minute(4));

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.explanation()).contains("moved back");
    }

    @Test
    void aPurgeMarkerMovedPastRetentionIsFound() {
        sealFive();
        editSummaryCount(minute(2));
        moveMarker("purged_before", FAR); // no minute would be checked any more

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.DELETED);
        assertThat(broken.explanation()).contains("purge marker was moved");
    }

    @Test
    void aSealingPointMovedIntoTheFutureIsFound() {
        sealFive();
        moveSealedBefore(FAR);

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.explanation()).contains("in the future");
    }

    @Test
    void aChainStartMovedPastItsLinksIsFound() {
        sealFive();
        editSummaryCount(minute(1));
        moveMarker("chained_from", minute(3)); // minutes 1 and 2 would no longer be checked

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.sequence()).isEqualTo(1);
        assertThat(broken.explanation()).contains("chained_from");
    }

    @Test
    void summariesDatedInTheFutureAreFound() {
        sealFive();
        insertSummary(minute(200)); // after now and its slack: never sealed, yet listed

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.INSERTED);
        assertThat(broken.explanation()).contains(minute(200).toString());
    }

    @Test
    void aHashThatIsNoHashIsAnEditNotAnError() {
        sealFive();
        stores.summaries().purgeBefore(minute(1), 100); // link 1 purged: the walk starts from purged_hash
        String purgedHash = chain().state().purgedHash();
        setHash(0, "z".repeat(64));

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.explanation()).contains("purged_hash");

        setHash(0, purgedHash);
        setHash(2, "y".repeat(64)); // a walk from link 3 starts from link 2's hash
        VerifyAuditChain.Report from = new AuditChainVerification((AuditChainLinks) stores.auditEvents(), chain())
                .verify(new VerifyAuditChain.Request(OptionalLong.empty(), Optional.empty(), 100, Optional.empty(),
                        OptionalLong.of(3)));
        assertThat(from.summaries().firstBreak().orElseThrow().kind()).isEqualTo(Breakage.EDITED);
    }
}
