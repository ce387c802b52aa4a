package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.Scope;
import java.time.Instant;
import java.util.Set;

/**
 * A genuine key (its secret matched) being checked against the policies at {@code now}, presented by a client at
 * {@code clientAddress} (an IP literal; {@code null} when unknown, which no address restriction allows).
 */
public record VerificationAttempt(VerifiableKey candidate, Set<Scope> requiredScopes, Instant now,
                                  String clientAddress) {

    public VerificationAttempt {
        requiredScopes = Set.copyOf(requiredScopes);
    }
}
