package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.SecretHash;
import dev.latchkey.domain.apikey.SecretHasher;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a presented key: parse (no lookup for a malformed key), one lookup by key id, constant-time
 * secret comparison (also for an unknown id), the prefix the key was issued with, then the policies in order. Until
 * the secret and prefix matched every failure is {@code NOT_FOUND}; a honeytoken whose secret and prefix matched is
 * {@code NOT_FOUND} too (marked for the alert), decided with the same work as a wrong secret: no policy runs.
 */
public final class KeyVerifier {

    /** Finds a key and its owner's status by key id: the one read verification costs. */
    @FunctionalInterface
    public interface KeyLookup {
        Optional<VerifiableKey> find(KeyId keyId);
    }

    /** Compared against when no key has the presented id: no secret hashes to 32 zero bytes in practice. */
    private static final SecretHash NO_KEY = SecretHash.of(new byte[SecretHash.LENGTH]);

    private final SecretHasher hasher;
    private final List<VerificationPolicy> policies;

    public KeyVerifier(SecretHasher hasher, List<VerificationPolicy> policies) {
        this.hasher = hasher;
        this.policies = List.copyOf(policies);
    }

    public KeyVerifier(SecretHasher hasher) {
        this(hasher, VerificationPolicies.STANDARD);
    }

    /** The verdict on {@code presented} by a client at {@code clientAddress} ({@code null}: unknown). */
    public Verification verify(String presented, Set<Scope> requiredScopes, Instant now, String clientAddress,
                               KeyLookup lookup) {
        Optional<ApiKeyToken> parsed = ApiKeyToken.parse(presented);
        if (parsed.isEmpty()) {
            return Verification.Rejected.malformed();
        }
        ApiKeyToken token = parsed.get();
        return decide(token, lookup.find(token.keyId()), requiredScopes, now, clientAddress);
    }

    /**
     * The verdict on a parsed {@code token} given what the lookup of its key id {@code found}: for callers that
     * already hold the lookup's answer (a cache) and so need no {@link KeyLookup}.
     */
    public Verification decide(ApiKeyToken token, Optional<VerifiableKey> found, Set<Scope> requiredScopes,
                               Instant now, String clientAddress) {
        // The HMAC is computed and compared whether or not the key id exists, so that an unknown id costs what a
        // wrong secret costs (no existence oracle); a key works only with the prefix it was issued with.
        boolean secretMatches = hasher.matches(token, found.map(VerifiableKey::secretHash).orElse(NO_KEY));
        if (found.isEmpty() || !secretMatches || !found.get().prefix().equals(token.prefix())) {
            return new Verification.Rejected(RejectionReason.NOT_FOUND, Optional.of(token.keyId()));
        }
        if (found.get().honeytoken()) {
            return Verification.Rejected.honeytoken(token.keyId());
        }
        VerificationAttempt attempt = new VerificationAttempt(found.get(), requiredScopes, now, clientAddress);
        Optional<RejectionReason> refusal = VerificationPolicies.firstRefusal(policies, attempt);
        return refusal.isPresent() ? new Verification.Rejected(refusal.get(), Optional.of(token.keyId()))
                : new Verification.Valid(found.get());
    }
}
