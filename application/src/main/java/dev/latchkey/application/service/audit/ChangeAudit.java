package dev.latchkey.application.service.audit;

import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.application.port.out.audit.RequestOrigins;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Audits changes: a change, its audit events and the webhook events it causes are written in one transaction, so
 * that no change is ever without its events (nor an event without its change).
 */
public record ChangeAudit(AuditLog auditLog, Transactions transactions, RequestOrigins origins, WebhookOutbox outbox,
                          RandomGenerator random) {

    /** Runs {@code change}, whose writes and {@link #record}s commit together. */
    public <T> T audited(Supplier<T> change) {
        return transactions.inTransaction(change);
    }

    /** Writes one event of the current request's caller, within {@link #audited}. */
    public void record(AuditEventType type, KeyId keyId, UserId userId, Instant at) {
        auditLog.append(AuditEvent.change(at, type, keyId, userId, origins.current()));
    }

    /** Writes one event with an outcome {@code code} and a {@code detail}, within {@link #audited}. */
    public void recordOutcome(AuditEventType type, KeyId keyId, UserId userId, Instant at, String code, String detail) {
        auditLog.append(AuditEvent.change(at, type, keyId, userId, origins.current()).withOutcome(code, detail));
    }

    /** Writes one webhook event to the outbox, within {@link #audited}: receivers hear of the change once it commits. */
    public void announce(WebhookEventType type, KeyId keyId, UserId userId, Instant at, Map<String, Object> data) {
        outbox.append(WebhookEvent.of(type, at, keyId, userId, data, random));
    }
}
