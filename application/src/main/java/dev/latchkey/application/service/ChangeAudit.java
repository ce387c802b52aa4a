package dev.latchkey.application.service;

import dev.latchkey.application.port.out.AuditLog;
import dev.latchkey.application.port.out.RequestOrigins;
import dev.latchkey.application.port.out.Transactions;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Audits changes: a change and its audit events are written in one transaction, so that no change is ever without
 * its event (nor an event without its change).
 */
public record ChangeAudit(AuditLog auditLog, Transactions transactions, RequestOrigins origins) {

    /** Runs {@code change}, whose writes and {@link #record}s commit together. */
    <T> T audited(Supplier<T> change) {
        return transactions.inTransaction(change);
    }

    /** Writes one event of the current request's caller, within {@link #audited}. */
    void record(AuditEventType type, KeyId keyId, UserId userId, Instant at) {
        auditLog.append(AuditEvent.change(at, type, keyId, userId, origins.current()));
    }
}
