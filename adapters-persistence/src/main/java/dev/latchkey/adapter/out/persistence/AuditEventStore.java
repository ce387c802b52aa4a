package dev.latchkey.adapter.out.persistence;

import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where audit events are kept: what the queued audit log ({@code adapter.out.accounting.QueuedAuditLog}) writes to
 * and reads from. Each store implements it (the contract: {@code AuditEventStoreContract}).
 */
public interface AuditEventStore {

    /** Writes one event, in the caller's transaction when there is one. */
    void append(AuditEvent event);

    /** Writes {@code events} in one batch: all of them, or (throwing) none. */
    void appendAll(List<AuditEvent> events);

    List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit);

    /** Deletes up to {@code batch} events older than {@code before}; returns how many it deleted. */
    int purgeBefore(Instant before, int batch);
}
