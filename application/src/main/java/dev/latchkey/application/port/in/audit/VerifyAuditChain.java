package dev.latchkey.application.port.in.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Recomputes the audit chain and reports the first broken link (scope {@code audit:read}; docs/audit-chain.md). */
public interface VerifyAuditChain {

    /** At most this many links are checked by one request of the HTTP API (a walk holds a connection meanwhile). */
    int MAX_LINKS_PER_CALL = 10_000;

    Report verify(Request request);

    /**
     * Where to start (a sequence, or the first link at or after a time; neither: the oldest link kept), at most how
     * many links to check, and a checkpoint to hold the chain to.
     */
    record Request(OptionalLong fromSequence, Optional<Instant> since, long maxLinks,
                   Optional<Checkpoint> checkpoint, OptionalLong summariesFrom) {

        /** From the start of the summaries' chain. */
        public Request(OptionalLong fromSequence, Optional<Instant> since, long maxLinks,
                       Optional<Checkpoint> checkpoint) {
            this(fromSequence, since, maxLinks, checkpoint, OptionalLong.empty());
        }

        public Request {
            Objects.requireNonNull(summariesFrom);
            if (summariesFrom.isPresent() && summariesFrom.getAsLong() < 1) {
                throw new IllegalArgumentException("the summaries' link to start from is at least 1");
            }
            Objects.requireNonNull(fromSequence);
            Objects.requireNonNull(since);
            Objects.requireNonNull(checkpoint);
            if (fromSequence.isPresent() && fromSequence.getAsLong() < 1) {
                throw new IllegalArgumentException("the sequence to start from is at least 1");
            }
            if (maxLinks < 1) {
                throw new IllegalArgumentException("maxLinks must be at least 1");
            }
        }

        /** The whole chain, from the oldest link kept. */
        public static Request all() {
            return new Request(OptionalLong.empty(), Optional.empty(), Long.MAX_VALUE, Optional.empty());
        }
    }

    /** A head announced earlier ({@code audit.checkpoint}): the chain must still hold {@code hash} at {@code sequence}. */
    record Checkpoint(long sequence, String hash) {
    }

    /** How a link broke. */
    enum Breakage {
        /** The row's content (or its hash) was changed after it was chained. */
        EDITED,
        /** A row was put in that the chain did not write. */
        INSERTED,
        /** Rows were taken out (in the middle, at the start or at the end of the chain). */
        DELETED
    }

    /** The first broken link: where, how, what the chain expected there and what it found. */
    record Break(Breakage kind, long sequence, long eventId, String expected, String found, String explanation) {
    }

    /**
     * What was checked: links {@code firstChecked} to {@code lastChecked} ({@code checked} of them; 0 and none when
     * the chain is empty), after {@code purged} links that retention removed; {@code intact} when no link broke;
     * {@code continueFrom}, where a next call goes on when the cap stopped this one before the head; {@code intact}
     * only when {@code summaries} is intact too.
     */
    record Report(boolean intact, long purged, long firstChecked, long lastChecked, long checked,
                  long headSequence, String headHash, long unchainedBeforeStart, Optional<Break> firstBreak,
                  OptionalLong continueFrom, Optional<String> checkpointResult, Summaries summaries) {
    }

    /**
     * The chain of the verification summaries (one link per sealed minute), walked as the events' is: links
     * {@code firstChecked} to {@code lastChecked} ({@code checked}), of which {@code minutesChecked} were the newest
     * link of their minute and so checked against the minute's rows; {@code firstBreak}, the first broken link (its
     * {@code sequence}, {@code eventId} 0) or a minute put in without a link (sequence 0); {@code continueFrom}, where
     * a next call goes on ({@code summariesFrom}).
     */
    record Summaries(boolean intact, long purged, long firstChecked, long lastChecked, long checked,
                     long minutesChecked, long headSequence, String headHash, Optional<Break> firstBreak,
                     OptionalLong continueFrom) {
    }
}
