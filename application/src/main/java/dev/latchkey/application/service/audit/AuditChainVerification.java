package dev.latchkey.application.service.audit;

import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.in.audit.VerifyAuditChain.Summaries;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.domain.audit.AuditChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Walks the chain a page at a time (memory stays at one page whatever the chain's length), from the link after what
 * retention purged (whose hash the store kept) or from where the caller asked (trusting the stored hash of the link
 * before), recomputing each hash. A gap in the sequences is a deletion; a hash that differs is an edit, or an
 * insertion when the next row chains on from where this one stands; an event without a link, newer than the chain's
 * start, is an insertion; links missing at the end (the head, or a checkpoint, says more) are a deletion. The
 * summaries' chain is walked after it, with the same cap ({@link SummaryChainWalk}).
 */
public final class AuditChainVerification implements VerifyAuditChain {

    static final int PAGE = 1_000;
    /** Clocks of the nodes and of the verifier may differ by this much. */
    static final Duration CLOCK_SLACK = Duration.ofHours(1);

    private final AuditChainLinks chain;
    private final SummaryChainLinks summaries;
    private final Clock clock;
    /** Retention ({@code latchkey.audit.retention}); null: not known, what it purged is not checked. */
    private final Duration retention;

    /** The events' chain alone (a store without summaries), not knowing the retention (tests of the walk). */
    public AuditChainVerification(AuditChainLinks chain) {
        this(chain, SummaryChainLinks.NONE);
    }

    /** Both chains, not knowing the retention: a purge marker is taken as it is (tests of the walk). */
    public AuditChainVerification(AuditChainLinks chain, SummaryChainLinks summaries) {
        this(chain, summaries, Clock.systemUTC(), null);
    }

    /** The events' chain alone, its purge marker held to {@code retention}. */
    public AuditChainVerification(AuditChainLinks chain, Clock clock, Duration retention) {
        this(chain, SummaryChainLinks.NONE, clock, retention);
    }

    /** Both chains; the purge marker held to {@code retention}: a link purged younger was deleted. */
    public AuditChainVerification(AuditChainLinks chain, SummaryChainLinks summaries, Clock clock,
                                  Duration retention) {
        this.chain = chain;
        this.summaries = summaries;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public Report verify(Request request) {
        AuditChain.State state = chain.state();
        long purged = state.purgedSequence();
        long head = state.headSequence();
        long from = purged + 1;
        if (request.fromSequence().isPresent()) {
            from = Math.max(from, request.fromSequence().getAsLong());
        } else if (request.since().isPresent()) {
            from = Math.max(from, chain.firstAtOrAfter(request.since().get()).orElse(head + 1));
        }
        Walk walk = new Walk(purged, head, from);
        Optional<Break> broken;
        try {
            broken = purgedTooRecently(state);
            if (broken.isEmpty()) {
                broken = walk.start(state);
            }
            if (broken.isEmpty()) {
                broken = walk.run(request.maxLinks());
            }
            if (broken.isEmpty() && walk.reachedHead()) {
                broken = walk.end(state);
            }
            if (broken.isEmpty()) {
                broken = inserted();
            }
        } catch (AuditChainLinks.UnreadableLink unreadable) {
            broken = Optional.of(unreadable(unreadable));
        }
        Optional<String> checkpointResult = Optional.empty();
        if (request.checkpoint().isPresent()) {
            Checkpoint checkpoint = request.checkpoint().get();
            CheckpointCheck check;
            try {
                check = checkpoint(checkpoint, purged);
            } catch (AuditChainLinks.UnreadableLink unreadable) {
                check = new CheckpointCheck("broken: link " + unreadable.sequence() + " is unreadable",
                        Optional.of(unreadable(unreadable)));
            }
            checkpointResult = Optional.of(check.result);
            if (broken.isEmpty() && check.broken.isPresent()) {
                broken = check.broken;
            }
        }
        OptionalLong continueFrom = broken.isEmpty() && !walk.reachedHead()
                ? OptionalLong.of(walk.expected) : OptionalLong.empty();
        Summaries summarised = new SummaryChainWalk(summaries, summaries.state(), request.summariesFrom(),
                clock.instant(), retention)
                .run(request.maxLinks());
        return new Report(broken.isEmpty() && summarised.intact(), Math.max(purged, walk.purgedMeanwhile), from,
                walk.expected - 1, walk.checked, head, state.headHash(), chain.unchainedBeforeStart(), broken,
                continueFrom, checkpointResult, summarised);
    }

    private Optional<Break> inserted() {
        OptionalLong unchained = chain.unchainedAfterStart();
        if (unchained.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Break(Breakage.INSERTED, 0, unchained.getAsLong(), "a link", "no link",
                "event " + unchained.getAsLong() + " has no link though it is newer than the chain's start: it was"
                        + " put in by hand"));
    }

    /**
     * Retention purges only links older than {@link #retention}: a purge marker past a link whose time is later (or
     * a marker moved without its time) is rows deleted from the start and the marker moved to cover them.
     */
    private Optional<Break> purgedTooRecently(AuditChain.State state) {
        if (retention == null || state.purgedSequence() == 0) {
            return Optional.empty();
        }
        Instant oldestPurgeable = clock.instant().minus(retention).plus(CLOCK_SLACK);
        if (state.purgedAt() != null && state.purgedAt().isBefore(oldestPurgeable)) {
            return Optional.empty();
        }
        return Optional.of(new Break(Breakage.DELETED, 1, 0, "links purged before " + oldestPurgeable,
                "purged through link " + state.purgedSequence() + " of " + state.purgedAt(), "links 1 to "
                        + state.purgedSequence() + " are gone but retention (" + retention + ") could not have purged"
                        + " them: deleted, and the purge marker moved to cover it"));
    }

    /** A row that is no event, or a stored hash that is no hash: changed behind the store's back. */
    private static Break unreadable(AuditChainLinks.UnreadableLink unreadable) {
        return new Break(Breakage.EDITED, unreadable.sequence(), unreadable.eventId(), "a readable link",
                "unreadable", unreadable.getMessage() + ": it was changed after it was chained");
    }

    /** A stored hash (of a link, the head or the purged link): one that is not 64 hex digits was changed. */
    private static byte[] stored(String hash, long sequence, long eventId, String whose) {
        try {
            return AuditChain.unhex(hash);
        } catch (IllegalArgumentException e) {
            throw new AuditChainLinks.UnreadableLink(sequence, eventId, "the stored hash of " + whose
                    + " is not 64 hex digits");
        }
    }

    private record CheckpointCheck(String result, Optional<Break> broken) {
    }

    private CheckpointCheck checkpoint(Checkpoint checkpoint, long purged) {
        if (checkpoint.sequence() <= purged) {
            return new CheckpointCheck("not checked: link " + checkpoint.sequence() + " was purged by retention",
                    Optional.empty());
        }
        List<AuditChain.Link> at = chain.links(checkpoint.sequence(), 1);
        if (at.isEmpty() || at.get(0).sequence() != checkpoint.sequence()) {
            return new CheckpointCheck("broken: link " + checkpoint.sequence() + " is missing", Optional.of(
                    new Break(Breakage.DELETED, checkpoint.sequence(), 0, checkpoint.hash(), "no link",
                            "the checkpoint's head, link " + checkpoint.sequence() + ", is missing: the chain's"
                                    + " tail was deleted")));
        }
        AuditChain.Link link = at.get(0);
        if (!link.hash().equals(checkpoint.hash())) {
            return new CheckpointCheck("broken: link " + checkpoint.sequence() + " differs", Optional.of(
                    new Break(Breakage.EDITED, link.sequence(), link.eventId(), checkpoint.hash(), link.hash(),
                            "link " + link.sequence() + " differs from the checkpoint: the chain was rewritten")));
        }
        return new CheckpointCheck("matches: link " + checkpoint.sequence() + " holds the checkpoint's hash",
                Optional.empty());
    }

    /** One walk along the links; {@code expected}, the sequence the next link must have. */
    private final class Walk {

        private final long purged;
        private final long head;
        private long expected;
        private byte[] previous;
        private long checked;
        /** What retention purged while the walk went on (0: nothing). */
        private long purgedMeanwhile;

        Walk(long purged, long head, long from) {
            this.purged = purged;
            this.head = head;
            this.expected = from;
        }

        boolean reachedHead() {
            return expected > head;
        }

        /** The hash before the first link checked: the purged one's, or the stored hash of the link before. */
        Optional<Break> start(AuditChain.State state) {
            if (expected == purged + 1) {
                previous = stored(state.purgedHash(), purged, 0, "the last purged link");
                return Optional.empty();
            }
            if (expected > head) {
                return Optional.empty();
            }
            List<AuditChain.Link> before = chain.links(expected - 1, 1);
            if (before.isEmpty() || before.get(0).sequence() != expected - 1) {
                return Optional.of(deleted(expected - 1, before.isEmpty() ? head + 1 : before.get(0).sequence()));
            }
            previous = stored(before.get(0).hash(), expected - 1, before.get(0).eventId(), "link " + (expected - 1));
            return Optional.empty();
        }

        Optional<Break> run(long maxLinks) {
            while (expected <= head && checked < maxLinks) {
                int size = (int) Math.min(PAGE, Math.min(maxLinks - checked, head - expected + 1));
                // one more than checked: the next link tells an edit from an insertion
                List<AuditChain.Link> page = page(size + 1);
                if (page.isEmpty()) {
                    if (purgedPastUs()) {
                        continue;
                    }
                    return Optional.of(deleted(expected, head + 1)); // the head says there is more
                }
                for (int i = 0; i < page.size() && i < size; i++) {
                    AuditChain.Link link = page.get(i);
                    if (link.sequence() != expected) {
                        if (purgedPastUs()) {
                            break;
                        }
                        return Optional.of(deleted(expected, link.sequence()));
                    }
                    byte[] computed = AuditChain.link(previous, link.sequence(), link.event());
                    if (!AuditChain.hex(computed).equals(link.hash())) {
                        Optional<AuditChain.Link> next = i + 1 < page.size() ? Optional.of(page.get(i + 1))
                                : Optional.empty();
                        return Optional.of(mismatch(link, computed, next));
                    }
                    previous = computed;
                    expected++;
                    checked++;
                }
            }
            return Optional.empty();
        }

        /** Up to {@code size} links from {@code expected}, up to an unreadable one, reported once the walk is there. */
        private List<AuditChain.Link> page(int size) {
            try {
                return chain.links(expected, size);
            } catch (AuditChainLinks.UnreadableLink unreadable) {
                if (unreadable.sequence() <= expected) {
                    throw unreadable;
                }
                return chain.links(expected, (int) Math.min(size, unreadable.sequence() - expected));
            }
        }

        /**
         * Whether retention purged the links from {@code expected} on while the walk went on (a gap that is no
         * deletion); if so the walk goes on after the last purged link, from its kept hash.
         */
        private boolean purgedPastUs() {
            AuditChain.State now = chain.state();
            if (now.purgedSequence() < expected) {
                return false;
            }
            purgedMeanwhile = now.purgedSequence();
            expected = now.purgedSequence() + 1;
            previous = stored(now.purgedHash(), now.purgedSequence(), 0, "the last purged link");
            return true;
        }

        private Break mismatch(AuditChain.Link link, byte[] computed, Optional<AuditChain.Link> next) {
            String expectedHash = AuditChain.hex(computed);
            if (next.isPresent() && next.get().sequence() == link.sequence() + 1) {
                AuditChain.Link following = next.get();
                if (AuditChain.hex(AuditChain.link(previous, link.sequence(), following.event()))
                        .equals(following.hash())) {
                    return new Break(Breakage.INSERTED, link.sequence(), link.eventId(), expectedHash, link.hash(),
                            "event " + link.eventId() + " at link " + link.sequence() + " was put in: the next"
                                    + " event chains on from the link before it");
                }
            }
            return new Break(Breakage.EDITED, link.sequence(), link.eventId(), expectedHash, link.hash(),
                    "event " + link.eventId() + " at link " + link.sequence() + " does not hash to its stored hash:"
                            + " it was changed after it was chained");
        }

        private Break deleted(long missing, long found) {
            long count = found - missing;
            return new Break(Breakage.DELETED, missing, 0, "link " + missing, found > head ? "no link"
                    : "link " + found, (count == 1 ? "link " + missing + " is" : "links " + missing + " to "
                    + (found - 1) + " (" + count + ") are") + " missing: deleted");
        }

        /** After the last link: the head's hash is the last link's, and nothing was put in beyond it. */
        Optional<Break> end(AuditChain.State state) {
            if (previous != null && !AuditChain.hex(previous).equals(state.headHash())) {
                return Optional.of(new Break(Breakage.EDITED, head, 0, state.headHash(), AuditChain.hex(previous),
                        "the head's hash is not the last link's: the head or the tail was changed"));
            }
            return beyond(state);
        }

        private Optional<Break> beyond(AuditChain.State state) {
            List<AuditChain.Link> after = chain.links(head + 1, 1);
            if (after.isEmpty() || after.get(0).sequence() <= chain.state().headSequence()) {
                return Optional.empty(); // none, or written since the walk began
            }
            AuditChain.Link link = after.get(0);
            return Optional.of(new Break(Breakage.INSERTED, link.sequence(), link.eventId(), "no link",
                    link.hash(), "event " + link.eventId() + " at link " + link.sequence()
                            + " is beyond the chain's head (" + head + "): it was put in"));
        }
    }
}
