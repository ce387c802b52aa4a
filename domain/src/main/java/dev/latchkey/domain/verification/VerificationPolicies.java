package dev.latchkey.domain.verification;

import dev.latchkey.domain.user.UserStatus;
import java.util.List;
import java.util.Optional;

/** The policies a genuine key must pass, each a small named rule; {@link #STANDARD} is their order. */
public final class VerificationPolicies {

    /** A revoked key stays refused whatever else holds. */
    public static final VerificationPolicy NOT_REVOKED = attempt ->
            attempt.candidate().isRevoked() ? Optional.of(RejectionReason.REVOKED) : Optional.empty();

    /** A key stops working at its {@code expiresAt}. */
    public static final VerificationPolicy NOT_EXPIRED = attempt ->
            attempt.candidate().isExpiredAt(attempt.now())
                    ? Optional.of(RejectionReason.EXPIRED) : Optional.empty();

    /** Only an active owner's keys work. */
    public static final VerificationPolicy OWNER_ACTIVE = attempt ->
            attempt.candidate().ownerStatus() == UserStatus.ACTIVE
                    ? Optional.empty() : Optional.of(RejectionReason.DISABLED);

    /**
     * A key that names the addresses it may be used from works only from them: checked before the scopes, so a
     * client elsewhere learns nothing of what the key grants.
     */
    public static final VerificationPolicy FROM_ALLOWED_ADDRESS = attempt ->
            attempt.candidate().allowsAddress(attempt.clientAddress())
                    ? Optional.empty() : Optional.of(RejectionReason.IP_NOT_ALLOWED);

    /** The key grants every scope the caller asked for. */
    public static final VerificationPolicy HAS_REQUIRED_SCOPES = attempt ->
            attempt.candidate().scopes().grantsAll(attempt.requiredScopes())
                    ? Optional.empty() : Optional.of(RejectionReason.INSUFFICIENT_SCOPE);

    /** The order matters: the first policy that refuses decides the reason reported. */
    public static final List<VerificationPolicy> STANDARD =
            List.of(NOT_REVOKED, NOT_EXPIRED, OWNER_ACTIVE, FROM_ALLOWED_ADDRESS, HAS_REQUIRED_SCOPES);

    /**
     * The first refusal of {@code policies}, in their order, for {@code attempt}; empty when each accepts it. Every
     * check of a genuine key's standing goes through here: a presented key's verification, and a console session's
     * re-check of the key it signed in with.
     */
    public static Optional<RejectionReason> firstRefusal(List<VerificationPolicy> policies,
                                                         VerificationAttempt attempt) {
        for (VerificationPolicy policy : policies) {
            Optional<RejectionReason> refusal = policy.check(attempt);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    private VerificationPolicies() {
    }
}
