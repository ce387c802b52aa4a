package dev.latchkey.application.port.in.verification;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.verification.RecordedTrace;
import dev.latchkey.domain.verification.Verification;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Verifies a presented key and explains the verdict: every step in the order the verification takes it, with its
 * outcome and what it looked at (never key material). The same verification as {@link VerifyApiKey}, recorded by the
 * code that decides it: it counts, takes the key's rate limit and quota, and is answered as that one is. Each
 * explanation is audited ({@code key.explained}, the caller's key as actor), off the request path.
 */
public interface ExplainVerdict {

    /**
     * The explained verdict on {@code request}, asked by {@code caller}, which must hold {@code audit:read}: else
     * {@code InsufficientPrivilege} is thrown at once, before anything is verified.
     */
    CompletionStage<ExplainedVerdict> explain(Caller caller, VerificationRequest request);

    /** A verdict and its trace: every step, those taken in order, then those not reached. */
    record ExplainedVerdict(Verification verification, List<RecordedTrace.Step> trace) {
        public ExplainedVerdict {
            Objects.requireNonNull(verification, "verification");
            trace = List.copyOf(trace);
        }
    }
}
