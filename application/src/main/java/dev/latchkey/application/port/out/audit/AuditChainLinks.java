package dev.latchkey.application.port.out.audit;

import dev.latchkey.domain.audit.AuditChain;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** The audit chain as a store keeps it, read for verification (docs/audit-chain.md). Read-only. */
public interface AuditChainLinks {

    /** The head, what retention purged, and where the chain began. */
    AuditChain.State state();

    /** Up to {@code limit} links with a sequence of at least {@code from}, by sequence. */
    List<AuditChain.Link> links(long from, int limit);

    /** The sequence of the first link (by time, then id) whose event is at or after {@code at}. */
    OptionalLong firstAtOrAfter(Instant at);

    /**
     * The smallest id of an event the chain did not write: one without a link after the chain began, or one whose
     * sequence is not above what retention purged (where no walk looks): a row put in by hand.
     */
    OptionalLong unchainedAfterStart();

    /** How many events older than the chain are kept without a link. */
    long unchainedBeforeStart();

    /**
     * Thrown by {@link #links} for a row that cannot be read as a link (an unknown type, an invalid id, ...): it was
     * changed behind the store's back. Verification reports it as an edit, never as a failure of its own.
     */
    final class UnreadableLink extends RuntimeException {

        private final long sequence;
        private final long eventId;

        public UnreadableLink(long sequence, long eventId, String what) {
            super(what, null, false, false);
            this.sequence = sequence;
            this.eventId = eventId;
        }

        public long sequence() {
            return sequence;
        }

        public long eventId() {
            return eventId;
        }
    }
}
