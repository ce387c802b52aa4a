package dev.latchkey.application.service.audit;

import dev.latchkey.application.port.in.audit.VerifyAuditChain.Break;
import dev.latchkey.application.port.in.audit.VerifyAuditChain.Breakage;
import dev.latchkey.application.port.in.audit.VerifyAuditChain.Summaries;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.domain.audit.AuditChain;
import dev.latchkey.domain.audit.SummaryChain;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One walk along the summaries' chain (docs/audit-chain.md), a page at a time: each link must hash, after the one
 * before, to its stored hash (else it was edited, or put in when the next one chains on from the one before); a gap
 * in the sequences is a deletion; the newest link of each minute still checked (sealed, not being purged by retention)
 * must hold the digest of the minute's rows as they are now (fewer rows: one was deleted; more: put in; as many: one
 * was edited); a sealed minute with rows but no link had rows put in.
 */
final class SummaryChainWalk {

    /**
     * A walk stops once it read this many summary rows (checking minutes against their links), and says where to go
     * on ({@code continueFrom}), as it does at the cap of links.
     */
    static final long MAX_ROWS_READ = 200_000;

    private final SummaryChainLinks chain;
    private final Instant now;
    private final Duration retention;
    private final SummaryChain.State state;
    private final long purged;
    private final long head;
    private long expected;
    private byte[] previous;
    /** The link before {@link #expected} (null: purged, or none), and the minute of the last non-amended one. */
    private SummaryChain.Link before;
    private Instant lastSealed;
    private long checked;
    private long minutesChecked;
    private long purgedMeanwhile;
    private long rowsRead;

    SummaryChainWalk(SummaryChainLinks chain, SummaryChain.State state, OptionalLong from) {
        this(chain, state, from, null, null);
    }

    /**
     * A walk whose markers are held to {@code now} (null: not known) and {@code retention} (null: not known, the purge
     * marker is taken as it is).
     */
    SummaryChainWalk(SummaryChainLinks chain, SummaryChain.State state, OptionalLong from, Instant now,
                     Duration retention) {
        // state: read once before the walk; links written after it are beyond the head the walk goes to
        this.now = now;
        this.retention = retention;
        this.chain = chain;
        this.state = state;
        this.purged = state.purgedSequence();
        this.head = state.headSequence();
        this.expected = Math.max(purged + 1, from.orElse(0));
    }

    Summaries run(long maxLinks) {
        long first = expected;
        Optional<Break> broken = markers(state);
        boolean reachedHead = false;
        try {
            if (broken.isEmpty()) {
                broken = start(state);
            }
            if (broken.isEmpty()) {
                broken = walk(maxLinks, state);
            }
            reachedHead = expected > head;
            if (broken.isEmpty() && reachedHead) {
                broken = end(state);
            }
        } catch (Undecodable undecodable) {
            broken = Optional.of(undecodable.broken);
        }
        if (broken.isEmpty() && now != null) {
            Instant latest = now.plus(AuditChainVerification.CLOCK_SLACK);
            broken = chain.minuteAfter(latest).map(minute -> new Break(Breakage.INSERTED, 0, 0, "no summaries after "
                    + latest, "minute " + minute, "summaries of minute " + minute + " are dated in the future: they"
                    + " were put in by hand"));
        }
        if (broken.isEmpty()) {
            broken = chain.unlinkedSealedMinute().map(minute -> new Break(Breakage.INSERTED, 0, 0, "a link",
                    "no link", "the summaries of minute " + minute + " have no link though the minute is sealed:"
                            + " they were put in by hand"));
        }
        return new Summaries(broken.isEmpty(), Math.max(purged, purgedMeanwhile), first, expected - 1, checked,
                minutesChecked, head, state.headHash(), broken,
                broken.isEmpty() && !reachedHead ? OptionalLong.of(expected) : OptionalLong.empty());
    }

    /**
     * The markers beside the links, held to what the store can have written: retention purges only minutes older than
     * it (a purge marker later is links and rows deleted and the marker moved over them), the sealing point is not in
     * the future, and the chain does not start after its sealing point.
     */
    private Optional<Break> markers(SummaryChain.State state) {
        if (now != null && retention != null) {
            Instant oldestPurgeable = now.minus(retention).plus(AuditChainVerification.CLOCK_SLACK);
            if (state.purgedBefore().isAfter(oldestPurgeable)) {
                return Optional.of(new Break(Breakage.DELETED, state.purgedSequence(), 0, "purged before "
                        + oldestPurgeable, "purged before " + state.purgedBefore(), "the summaries are marked purged"
                        + " before " + state.purgedBefore() + " but retention (" + retention + ") could not have"
                        + " purged them: the purge marker was moved (to hide deleted or changed summaries)"));
            }
        }
        if (now != null && state.sealedBefore().isAfter(now.plus(AuditChainVerification.CLOCK_SLACK))) {
            return Optional.of(new Break(Breakage.EDITED, state.headSequence(), 0, "sealed before now",
                    "sealed before " + state.sealedBefore(), "the summaries' sealing point (sealed_before "
                            + state.sealedBefore() + ") is in the future: it was moved"));
        }
        if (state.chainedFrom().isAfter(state.sealedBefore())) {
            return Optional.of(new Break(Breakage.EDITED, 0, 0, "chained from before " + state.sealedBefore(),
                    "chained from " + state.chainedFrom(), "the summaries' chain start (chained_from "
                            + state.chainedFrom() + ") is after their sealing point: it was moved"));
        }
        return Optional.empty();
    }

    /** A stored hash that is no hash (not 64 hex digits) was changed: an edit, not an error. */
    private static byte[] decode(String hash, long sequence, String whose) {
        try {
            return AuditChain.unhex(hash);
        } catch (IllegalArgumentException e) {
            throw new Undecodable(new Break(Breakage.EDITED, sequence, 0, "a hash", "not a hash", whose
                    + " is not 64 hex digits: it was changed"));
        }
    }

    /** Stops the walk at a hash that cannot be decoded. */
    private static final class Undecodable extends RuntimeException {

        private final transient Break broken;

        Undecodable(Break broken) {
            super(broken.explanation(), null, false, false);
            this.broken = broken;
        }
    }

    private Optional<Break> start(SummaryChain.State state) {
        if (expected == purged + 1) {
            previous = decode(state.purgedHash(), purged, "the summaries' purged link's hash (purged_hash)");
            return Optional.empty();
        }
        if (expected > head) {
            return Optional.empty();
        }
        List<SummaryChain.Link> before = chain.links(expected - 1, 1);
        if (before.isEmpty() || before.get(0).sequence() != expected - 1) {
            return Optional.of(deleted(expected - 1, before.isEmpty() ? head + 1 : before.get(0).sequence()));
        }
        previous = decode(before.get(0).hash(), expected - 1, "summaries' link " + (expected - 1) + "'s hash");
        this.before = before.get(0);
        return Optional.empty();
    }

    private Optional<Break> walk(long maxLinks, SummaryChain.State state) {
        while (expected <= head && checked < maxLinks && rowsRead < MAX_ROWS_READ) {
            int size = (int) Math.min(AuditChainVerification.PAGE, Math.min(maxLinks - checked, head - expected + 1));
            List<SummaryChain.Link> page = chain.links(expected, size + 1);
            if (page.isEmpty()) {
                if (purgedPastUs()) {
                    continue;
                }
                return Optional.of(deleted(expected, head + 1));
            }
            for (int i = 0; i < page.size() && i < size && rowsRead < MAX_ROWS_READ; i++) {
                SummaryChain.Link link = page.get(i);
                if (link.sequence() != expected) {
                    if (purgedPastUs()) {
                        break;
                    }
                    return Optional.of(deleted(expected, link.sequence()));
                }
                String computed = link.recompute(previous);
                if (!computed.equals(link.hash())) {
                    return Optional.of(mismatch(link, computed, i + 1 < page.size() ? page.get(i + 1) : null));
                }
                Optional<Break> placed = placed(link);
                if (placed.isPresent()) {
                    return placed;
                }
                if (link.newestOfMinute() == link.sequence() && state.checked(link.minute())) {
                    Optional<Break> rows = rows(link);
                    if (rows.isPresent()) {
                        return rows;
                    }
                    minutesChecked++;
                }
                previous = AuditChain.unhex(computed);
                before = link;
                if (!link.amended()) {
                    lastSealed = link.minute();
                }
                expected++;
                checked++;
            }
        }
        return Optional.empty();
    }

    /**
     * A link that hashes but that the store cannot have written: its sealing point before its minute or going back, an
     * amended link older than the amendment window, or a minute sealed (not amended) a second time or out of order.
     */
    private Optional<Break> placed(SummaryChain.Link link) {
        String why = link.misplaced(before);
        if (why == null && link.minute().isBefore(state.chainedFrom())) {
            why = "its minute is before the chain's start (chained_from " + state.chainedFrom() + "): the start was"
                    + " moved";
        }
        Breakage kind = link.amended() && why != null && why.startsWith("it amends") ? Breakage.INSERTED
                : Breakage.EDITED;
        if (why == null && !link.amended() && lastSealed != null && !link.minute().isAfter(lastSealed)) {
            why = "it seals minute " + link.minute() + " again after minute " + lastSealed + " was sealed: a sealed"
                    + " minute was sealed again";
            kind = Breakage.INSERTED;
        }
        if (why == null) {
            return Optional.empty();
        }
        return Optional.of(new Break(kind, link.sequence(), 0, "a link the store writes", link.hash(),
                "summaries' link " + link.sequence() + " (minute " + link.minute() + ") cannot have been written"
                        + " by the store: " + why));
    }

    /** The minute's rows against its newest link; a minute retention is purging, or amended meanwhile, is no break. */
    private Optional<Break> rows(SummaryChain.Link link) {
        SummaryChain.Digest now = SummaryChain.digest(chain.rows(link.minute()));
        rowsRead += now.rows();
        if (now.equals(link.digest())) {
            return Optional.empty();
        }
        SummaryChain.State state = chain.state();
        if (!state.checked(link.minute()) || amendedMeanwhile(link, state)) {
            return Optional.empty();
        }
        long stored = link.digest().rows();
        Breakage kind = now.rows() < stored ? Breakage.DELETED : now.rows() > stored ? Breakage.INSERTED
                : Breakage.EDITED;
        String what = switch (kind) {
            case DELETED -> (stored - now.rows()) + " of its " + stored + " rows were deleted";
            case INSERTED -> (now.rows() - stored) + " rows were put in beside its " + stored;
            case EDITED -> "a row was changed (" + link.digest().verifications() + " verifications when sealed, "
                    + now.verifications() + " now)";
        };
        return Optional.of(new Break(kind, link.sequence(), 0, link.digest().digest(), now.digest(),
                "the summaries of minute " + link.minute() + " do not match their link " + link.sequence() + ": "
                        + what));
    }

    /** Whether a flush amended {@code link}'s minute after the walk read it, with a link that matches its rows. */
    private boolean amendedMeanwhile(SummaryChain.Link link, SummaryChain.State state) {
        if (state.headSequence() <= head) {
            return false;
        }
        for (SummaryChain.Link later : chain.links(head + 1, (int) Math.min(10_000, state.headSequence() - head))) {
            if (later.minute().equals(link.minute()) && later.newestOfMinute() == later.sequence()) {
                return later.digest().equals(SummaryChain.digest(chain.rows(link.minute())));
            }
        }
        return false;
    }

    private boolean purgedPastUs() {
        SummaryChain.State now = chain.state();
        if (now.purgedSequence() < expected) {
            return false;
        }
        purgedMeanwhile = now.purgedSequence();
        expected = now.purgedSequence() + 1;
        previous = decode(now.purgedHash(), now.purgedSequence(), "the summaries' purged link's hash (purged_hash)");
        before = null;
        lastSealed = null;
        return true;
    }

    private Break mismatch(SummaryChain.Link link, String computed, SummaryChain.Link next) {
        if (next != null && next.sequence() == link.sequence() + 1) {
            SummaryChain.Link renumbered = new SummaryChain.Link(link.sequence(), next.minute(), next.amended(),
                    next.sealedBefore(), next.digest(), next.hash(), next.newestOfMinute());
            if (renumbered.recompute(previous).equals(next.hash())) {
                return new Break(Breakage.INSERTED, link.sequence(), 0, computed, link.hash(), "summaries' link "
                        + link.sequence() + " (minute " + link.minute() + ") was put in: the next link chains on"
                        + " from the link before it");
            }
        }
        return new Break(Breakage.EDITED, link.sequence(), 0, computed, link.hash(), "summaries' link "
                + link.sequence() + " (minute " + link.minute() + ") does not hash to its stored hash: it was changed"
                + " after it was written");
    }

    private Break deleted(long missing, long found) {
        long count = found - missing;
        return new Break(Breakage.DELETED, missing, 0, "link " + missing, found > head ? "no link" : "link " + found,
                (count == 1 ? "summaries' link " + missing + " is" : "summaries' links " + missing + " to "
                        + (found - 1) + " (" + count + ") are") + " missing: deleted");
    }

    private Optional<Break> end(SummaryChain.State state) {
        if (previous != null && !AuditChain.hex(previous).equals(state.headHash())) {
            return Optional.of(new Break(Breakage.EDITED, head, 0, state.headHash(), AuditChain.hex(previous),
                    "the summaries' head is not their last link's hash: the head or the tail was changed"));
        }
        if (before != null && state.sealedBefore().isBefore(before.sealedBefore())) {
            return Optional.of(new Break(Breakage.EDITED, head, 0, before.sealedBefore().toString(),
                    state.sealedBefore().toString(), "the summaries' sealing point (sealed_before "
                            + state.sealedBefore() + ") is before their last link's (" + before.sealedBefore()
                            + "): it was moved back"));
        }
        List<SummaryChain.Link> after = chain.links(head + 1, 1);
        if (after.isEmpty() || after.get(0).sequence() <= chain.state().headSequence()) {
            return Optional.empty();
        }
        SummaryChain.Link link = after.get(0);
        return Optional.of(new Break(Breakage.INSERTED, link.sequence(), 0, "no link", link.hash(), "summaries' link "
                + link.sequence() + " is beyond their head (" + head + "): it was put in"));
    }
}
