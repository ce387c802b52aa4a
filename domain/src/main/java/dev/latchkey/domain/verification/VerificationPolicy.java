package dev.latchkey.domain.verification;

import java.util.Optional;

/** One rule a genuine key must pass; empty means the rule is satisfied. */
@FunctionalInterface
public interface VerificationPolicy {

    Optional<RejectionReason> check(VerificationAttempt attempt);
}
