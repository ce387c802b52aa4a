package dev.latchkey.adapter.out.persistence.audit;

import dev.latchkey.application.port.out.AuditLog;
import dev.latchkey.application.port.out.VerificationEvents;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.verification.VerificationEvent;

/** Verifications as audit events, one queued row each ({@link AuditLog#appendLater}). */
public final class AuditedVerificationEvents implements VerificationEvents {

    private final AuditLog auditLog;

    public AuditedVerificationEvents(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Override
    public void record(VerificationEvent event) {
        auditLog.appendLater(new AuditEvent(0, event.at(),
                event.valid() ? AuditEventType.KEY_VERIFIED : AuditEventType.KEY_REJECTED, event.valid(),
                event.outcome(), event.keyId(), event.userId(), event.actorKeyId(), event.clientIp(),
                event.requestId()));
    }
}
