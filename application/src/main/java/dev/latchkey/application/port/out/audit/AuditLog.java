package dev.latchkey.application.port.out.audit;

import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The audit trail: changes written with the change, verifications queued and written in batches. */
public interface AuditLog {

    /** The order of the listing: newest first, by time, then id. */
    Comparator<AuditEvent> NEWEST_FIRST =
            Comparator.comparing(AuditEvent::at).thenComparingLong(AuditEvent::id).reversed();

    /** Writes {@code event} now, in the caller's transaction when there is one ({@link Transactions}). */
    void append(AuditEvent event);

    /**
     * Queues {@code event} to be written soon, in a batch; never blocks. An event that finds the queue full is counted
     * as dropped, never waited for.
     */
    void appendLater(AuditEvent event);

    /** Up to {@code limit} events matching {@code filter} after {@code after}, newest first (by time, then id). */
    List<AuditEvent> find(AuditFilter filter, Optional<Position> after, int limit);

    /** A place in the listing: the last event of a page. */
    record Position(Instant at, long id) {

        /** Whether {@code event} comes after this place in the listing ({@link #NEWEST_FIRST}). */
        public boolean precedes(AuditEvent event) {
            return event.at().isBefore(at) || (event.at().equals(at) && event.id() < id);
        }
    }
}
