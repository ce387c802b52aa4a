package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.Scope;
import java.time.Instant;
import java.util.Set;

/** A genuine key (its secret matched) being checked against the policies at {@code now}. */
public record VerificationAttempt(VerifiableKey candidate, Set<Scope> requiredScopes, Instant now) {

    public VerificationAttempt {
        requiredScopes = Set.copyOf(requiredScopes);
    }
}
