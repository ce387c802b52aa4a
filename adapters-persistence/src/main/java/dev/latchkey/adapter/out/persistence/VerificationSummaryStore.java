package dev.latchkey.adapter.out.persistence;

import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where verification summaries are kept: one row per key (or keys that did not parse), client address, outcome and
 * minute, with a count and the first and last time. The summarised verification events
 * ({@code adapter.out.accounting.SummarisedVerificationEvents}) add to them; the audit listing reads them
 * ({@code QueuedAuditLog#find}) as {@code key.verified} and {@code key.rejected} items. Each store implements it (the
 * contract: {@code VerificationSummaryStoreContract}).
 */
public interface VerificationSummaryStore {

    /**
     * The ids of summaries in the listing are this plus the row's own id, so that they never meet an audit event's id
     * and the listing's order (time, then id) is one total order over both.
     */
    long ID_BASE = 1_000_000_000_000_000_000L;

    /**
     * One row: {@code keyId} {@code null} for keys that did not parse (and the overflow), {@code clientIp}
     * {@code null} when not known.
     */
    record Key(Instant minute, KeyId keyId, String clientIp, String outcome) {
    }

    /** What to add to a row: the count, and the earliest and latest time (kept as the row's min and max). */
    record Delta(long count, Instant firstAt, Instant lastAt, UserId userId) {

        public Delta plus(Delta other) {
            return new Delta(count + other.count, firstAt.isBefore(other.firstAt) ? firstAt : other.firstAt,
                    lastAt.isAfter(other.lastAt) ? lastAt : other.lastAt, userId != null ? userId : other.userId);
        }
    }

    /**
     * Adds each delta to its row (creating it), all in one transaction: counts are added, never overwritten, so that
     * any number of nodes adding to the same row add up.
     */
    void addAll(Map<Key, Delta> deltas);

    /**
     * Up to {@code limit} summaries matching {@code filter} after {@code after}, newest first (by minute, then id);
     * their ids are {@link #ID_BASE} plus the row's. A filter on a type other than a verification's finds none.
     */
    List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit);

    /**
     * Deletes up to {@code batch} summaries of minutes before {@code before} (to the minute), and the links of the
     * summaries' chain of those minutes from the chain's start; returns how many summaries it deleted.
     */
    int purgeBefore(Instant before, int batch);

    /**
     * Seals the minutes that start before {@code before} (a minute's start) and are not sealed yet: one link of the
     * summaries' chain for each such minute that has rows, at most {@code maxMinutes} of them (the oldest), under the
     * chain's head lock (a minute sealed already, by any node, is not sealed again); returns how many it linked. A
     * flush ({@link #addAll}) into a minute sealed already appends an amended link for it in its own transaction.
     */
    int seal(Instant before, int maxMinutes);

    /** Whether {@code filter} asks for a type of event that is never a summary (a change). */
    static boolean findsNone(AuditFilter filter) {
        return filter.type().map(type -> type != AuditEventType.KEY_VERIFIED && type != AuditEventType.KEY_REJECTED)
                .orElse(false);
    }

    /** No summaries: a store that keeps none (tests of the audit trail alone). */
    VerificationSummaryStore NONE = new VerificationSummaryStore() {
        @Override
        public void addAll(Map<Key, Delta> deltas) {
        }

        @Override
        public List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit) {
            return List.of();
        }

        @Override
        public int purgeBefore(Instant before, int batch) {
            return 0;
        }

        @Override
        public int seal(Instant before, int maxMinutes) {
            return 0;
        }
    };
}
