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
 * the secret and prefix matched every failure is {@code NOT_FOUND}; a honeytoken whose secret matched (whatever its prefix) is
 * {@code NOT_FOUND} too (marked for the alert), decided with the same work as a wrong secret, and explained as one:
 * no policy runs. Given a {@link VerificationTrace} that records, it records each step as it takes it (an explained
 * verdict); given {@link VerificationTrace#OFF}, nothing is described.
 */
public final class KeyVerifier {

    /** Finds a key and its owner's status by key id: the one read verification costs. */
    @FunctionalInterface
    public interface KeyLookup {
        Optional<VerifiableKey> find(KeyId keyId);
    }

    /** Compared against when no key has the presented id: no secret hashes to 32 zero bytes in practice. */
    private static final SecretHash NO_KEY = SecretHash.of(new byte[SecretHash.LENGTH]);
    /** The steps that tell a genuine key from a guess, in the order {@link #notGenuine} takes them. */
    private static final List<VerificationStep> GENUINENESS =
            List.of(VerificationStep.KEY_FOUND, VerificationStep.SECRET_MATCHES, VerificationStep.PREFIX);

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
        Optional<ApiKeyToken> parsed = parse(presented, VerificationTrace.OFF);
        if (parsed.isEmpty()) {
            return Verification.Rejected.malformed();
        }
        ApiKeyToken token = parsed.get();
        return decide(token, lookup.find(token.keyId()), requiredScopes, now, clientAddress);
    }

    /**
     * The key in {@code presented}, or empty ({@code MALFORMED}); recorded into {@code trace} as its format, then its
     * checksum (a key of the right shape whose checksum does not match).
     */
    public static Optional<ApiKeyToken> parse(String presented, VerificationTrace trace) {
        Optional<ApiKeyToken> parsed = ApiKeyToken.parse(presented);
        if (trace.recording()) { // apart, so that this stays small enough to inline into an ordinary verification
            traceParsing(presented, parsed.isPresent(), trace);
        }
        return parsed;
    }

    private static void traceParsing(String presented, boolean parsed, VerificationTrace trace) {
        boolean wellFormed = parsed || ApiKeyToken.isWellFormed(presented);
        trace.record(VerificationStep.FORMAT, wellFormed, StepDetail.text(wellFormed
                ? "has the shape <prefix>_<key id><secret><checksum>" : "is not <prefix>_<key id><secret><checksum>"
                + " (" + (presented == null ? 0 : presented.length()) + " characters)"));
        if (wellFormed) {
            trace.record(VerificationStep.CHECKSUM, parsed, StepDetail.text(parsed ? "matches" : "does not match"));
        }
    }

    /**
     * The verdict on a parsed {@code token} given what the lookup of its key id {@code found}: for callers that
     * already hold the lookup's answer (a cache) and so need no {@link KeyLookup}.
     */
    public Verification decide(ApiKeyToken token, Optional<VerifiableKey> found, Set<Scope> requiredScopes,
                               Instant now, String clientAddress) {
        return decide(token, found, requiredScopes, now, clientAddress, VerificationTrace.OFF);
    }

    /** {@link #decide(ApiKeyToken, Optional, Set, Instant, String)}, each step taken recorded into {@code trace}. */
    public Verification decide(ApiKeyToken token, Optional<VerifiableKey> found, Set<Scope> requiredScopes,
                               Instant now, String clientAddress, VerificationTrace trace) {
        // The HMAC is computed and compared whether or not the key id exists, so that an unknown id costs what a
        // wrong secret costs (no existence oracle); a key works only with the prefix it was issued with.
        boolean secretMatches = hasher.matches(token, found.map(VerifiableKey::secretHash).orElse(NO_KEY));
        VerificationStep notGenuine = notGenuine(token, found, secretMatches);
        if (trace.recording()) {
            traceGenuineness(notGenuine, trace);
        }
        if (notGenuine != null) {
            // the secret matched yet is refused as a wrong secret: a honeytoken, marked for its alert only
            return secretMatches && notGenuine == VerificationStep.SECRET_MATCHES
                    ? Verification.Rejected.honeytoken(token.keyId())
                    : new Verification.Rejected(RejectionReason.NOT_FOUND, Optional.of(token.keyId()));
        }
        VerificationAttempt attempt = new VerificationAttempt(found.get(), requiredScopes, now, clientAddress);
        Optional<RejectionReason> refusal = VerificationPolicies.firstRefusal(policies, attempt, trace);
        return refusal.isPresent() ? new Verification.Rejected(refusal.get(), Optional.of(token.keyId()))
                : new Verification.Valid(found.get());
    }

    /**
     * The step at which a key is not the genuine key it claims to be ({@code null}: it is): no key has its id, its
     * secret does not match, or it does not carry the prefix it was issued with. One decision for the verdict
     * ({@code NOT_FOUND}) and its explanation, so that the two never disagree: whatever must be refused exactly as a
     * wrong secret is refused returns {@link VerificationStep#SECRET_MATCHES} here, and is traced as one too.
     */
    private static VerificationStep notGenuine(ApiKeyToken token, Optional<VerifiableKey> found, boolean secretMatches) {
        if (found.isEmpty()) {
            return VerificationStep.KEY_FOUND;
        }
        if (!secretMatches) {
            return VerificationStep.SECRET_MATCHES;
        }
        if (found.get().honeytoken()) {
            // a honeytoken's secret was used (whatever the prefix): refused exactly as a wrong secret, and alerted
            return VerificationStep.SECRET_MATCHES;
        }
        return found.get().prefix().equals(token.prefix()) ? null : VerificationStep.PREFIX;
    }

    /** Records the lookup, the secret and the prefix up to the step that refused ({@code notGenuine}), if one did. */
    private static void traceGenuineness(VerificationStep notGenuine, VerificationTrace trace) {
        for (VerificationStep step : GENUINENESS) {
            boolean passed = step != notGenuine;
            trace.record(step, passed, StepDetail.text(switch (step) {
                case KEY_FOUND -> passed ? "a key has this key id" : "no key has this key id";
                case SECRET_MATCHES -> passed ? "the secret matches" : "the secret does not match";
                default -> passed ? "the key carries the prefix it was issued with"
                        : "the key was issued with another prefix";
            }));
            if (!passed) {
                return;
            }
        }
    }
}
