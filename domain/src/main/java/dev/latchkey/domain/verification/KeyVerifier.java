package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.SecretHasher;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a presented key: parse (no lookup for a malformed key), one lookup by key id, constant-time
 * secret comparison, then the policies in order. Until the secret matched every failure is {@code NOT_FOUND}.
 */
public final class KeyVerifier {

    /** Finds a key and its owner's status by key id: the one read verification costs. */
    @FunctionalInterface
    public interface KeyLookup {
        Optional<VerifiableKey> find(KeyId keyId);
    }

    private final SecretHasher hasher;
    private final List<VerificationPolicy> policies;

    public KeyVerifier(SecretHasher hasher, List<VerificationPolicy> policies) {
        this.hasher = hasher;
        this.policies = List.copyOf(policies);
    }

    public KeyVerifier(SecretHasher hasher) {
        this(hasher, VerificationPolicies.STANDARD);
    }

    public Verification verify(String presented, Set<Scope> requiredScopes, Instant now, KeyLookup lookup) {
        Optional<ApiKeyToken> parsed = ApiKeyToken.parse(presented);
        if (parsed.isEmpty()) {
            return Verification.Rejected.malformed();
        }
        ApiKeyToken token = parsed.get();
        Optional<KeyId> keyId = Optional.of(token.keyId());
        Optional<VerifiableKey> found = lookup.find(token.keyId());
        if (found.isEmpty() || !hasher.matches(token, found.get().key().secretHash())) {
            return new Verification.Rejected(RejectionReason.NOT_FOUND, keyId);
        }
        VerificationAttempt attempt = new VerificationAttempt(found.get(), requiredScopes, now);
        for (VerificationPolicy policy : policies) {
            Optional<RejectionReason> refusal = policy.check(attempt);
            if (refusal.isPresent()) {
                return new Verification.Rejected(refusal.get(), keyId);
            }
        }
        return new Verification.Valid(found.get().key());
    }
}
