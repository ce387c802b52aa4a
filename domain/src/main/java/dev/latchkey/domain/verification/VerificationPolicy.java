package dev.latchkey.domain.verification;

import java.util.Optional;

/** One rule a genuine key must pass, the step of a verification it is, and what it looks at when explained. */
public interface VerificationPolicy {

    /** The step of an explained verdict this rule is; it refuses with that step's {@link VerificationStep#refusal()}. */
    VerificationStep step();

    /** Empty when the rule is satisfied, else why the key is refused. */
    Optional<RejectionReason> check(VerificationAttempt attempt);

    /** What the rule looked at for {@code attempt}, in words and values: asked only when a verdict is explained. */
    StepDetail detail(VerificationAttempt attempt);
}
