package dev.latchkey.application.service.verification;

import dev.latchkey.application.port.in.verification.ExplainVerdict;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.application.service.store.StoreTime;
import dev.latchkey.domain.access.AccessPolicies;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.verification.RecordedTrace;
import dev.latchkey.domain.verification.Verification;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Explains verdicts: the caller's privilege is checked by the domain's access policies, then the key goes through
 * {@link VerificationService} with a {@link RecordedTrace} (the same verification, recorded by the code that decides),
 * and the explanation is written to the audit trail ({@link AuditLog#append}) on the {@code storeWrites} executor,
 * never on the caller's thread: an explanation is answered only once its audit event is stored (none is dropped, as a
 * queued event can be when the queue is full), and not at all when the store cannot take it. Only explained
 * verifications pay for this; a plain verification writes nothing.
 */
public final class ExplanationService implements ExplainVerdict {

    private final VerificationService verification;
    private final AuditLog auditLog;
    private final Executor storeWrites;
    private final Clock clock;

    public ExplanationService(VerificationService verification, AuditLog auditLog, Executor storeWrites, Clock clock) {
        this.verification = verification;
        this.auditLog = auditLog;
        this.storeWrites = storeWrites;
        this.clock = clock;
    }

    @Override
    public CompletionStage<ExplainedVerdict> explain(Caller caller, VerificationRequest request) {
        AccessPolicies.requireMayExplain(caller);
        RecordedTrace trace = new RecordedTrace();
        return verification.verify(request, trace).thenApplyAsync(verdict -> {
            audit(caller, request.origin(), verdict, trace);
            return new ExplainedVerdict(verdict, trace.steps());
        }, storeWrites);
    }

    /**
     * {@code key.explained}: the caller's key as actor, the presented key's id when it parsed (its owner when valid),
     * the verdict's code and, as detail, the step that refused it. No key material: ids and step names only.
     */
    private void audit(Caller caller, VerificationRequest.Origin origin, Verification verdict, RecordedTrace trace) {
        AuditEvent event;
        if (verdict instanceof Verification.Valid valid) {
            event = new AuditEvent(0, StoreTime.now(clock), AuditEventType.KEY_EXPLAINED, true, AuditEvent.VALID,
                    valid.key().id(), valid.key().owner(), caller.keyId(), origin.clientAddress(), origin.requestId(),
                    null);
        } else {
            Verification.Rejected rejected = (Verification.Rejected) verdict;
            event = new AuditEvent(0, StoreTime.now(clock), AuditEventType.KEY_EXPLAINED, false,
                    rejected.reason().name(), rejected.keyId().orElse(null), null, caller.keyId(),
                    origin.clientAddress(), origin.requestId(),
                    trace.lastFailure().map(step -> "refused at " + step.wireName()).orElse(null));
        }
        auditLog.append(event);
    }
}
