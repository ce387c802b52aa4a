package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.user.UserStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The policies a genuine key must pass, each a small named rule; {@link #STANDARD} is their order. */
public final class VerificationPolicies {

    /** A revoked key stays refused whatever else holds. */
    public static final VerificationPolicy NOT_REVOKED = rule(VerificationStep.NOT_REVOKED,
            attempt -> !attempt.candidate().isRevoked(),
            attempt -> StepDetail.text(attempt.candidate().isRevoked()
                    ? "revoked at " + attempt.candidate().revokedAt() : "not revoked"));

    /** A key stops working at its {@code expiresAt}. */
    public static final VerificationPolicy NOT_EXPIRED = rule(VerificationStep.NOT_EXPIRED,
            attempt -> !attempt.candidate().isExpiredAt(attempt.now()),
            attempt -> StepDetail.text(attempt.candidate().expiresAt() == null ? "no expiry"
                    : (attempt.candidate().isExpiredAt(attempt.now()) ? "expired at " : "expires at ")
                    + attempt.candidate().expiresAt()));

    /** Only an active owner's keys work. */
    public static final VerificationPolicy OWNER_ACTIVE = rule(VerificationStep.OWNER_ACTIVE,
            attempt -> attempt.candidate().ownerStatus() == UserStatus.ACTIVE,
            attempt -> StepDetail.text("owner is " + attempt.candidate().ownerStatus().name().toLowerCase(Locale.ROOT)));

    /**
     * A key that names the addresses it may be used from works only from them: checked before the scopes, so a
     * client elsewhere learns nothing of what the key grants.
     */
    public static final VerificationPolicy FROM_ALLOWED_ADDRESS = rule(VerificationStep.ADDRESS_ALLOWED,
            attempt -> attempt.candidate().allowsAddress(attempt.clientAddress()),
            VerificationPolicies::addressDetail);

    /** The key grants every scope the caller asked for. */
    public static final VerificationPolicy HAS_REQUIRED_SCOPES = rule(VerificationStep.SCOPES,
            attempt -> attempt.candidate().scopes().grantsAll(attempt.requiredScopes()),
            VerificationPolicies::scopesDetail);

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
        return firstRefusal(policies, attempt, VerificationTrace.OFF);
    }

    /**
     * {@link #firstRefusal(List, VerificationAttempt)}, each policy asked recording into {@code trace} the step it is,
     * whether it passed and what it looked at; a policy after the first refusal is not asked. With
     * {@link VerificationTrace#OFF} no detail is computed.
     */
    public static Optional<RejectionReason> firstRefusal(List<VerificationPolicy> policies,
                                                         VerificationAttempt attempt, VerificationTrace trace) {
        for (VerificationPolicy policy : policies) {
            Optional<RejectionReason> refusal = policy.check(attempt);
            if (trace.recording()) {
                trace.record(policy.step(), refusal.isEmpty(), policy.detail(attempt));
            }
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    private static StepDetail addressDetail(VerificationAttempt attempt) {
        String address = attempt.clientAddress();
        AllowedCidrs allowed = attempt.candidate().allowedCidrs();
        if (allowed == null) {
            return StepDetail.address("the key may be used from any address", address);
        }
        // whether the address is in the key's allowed addresses, not which they are: the trace tells its reader what
        // was checked and why it failed, not more of the key than its verdict needs (keys:read shows the list)
        String checked = address == null ? "the client's address is not known" : "checked " + address;
        boolean allowedHere = attempt.candidate().allowsAddress(address);
        return StepDetail.address(checked + (allowedHere ? ": in" : ": not in") + " the key's allowed addresses",
                address);
    }

    private static StepDetail scopesDetail(VerificationAttempt attempt) {
        Set<Scope> missing = new TreeSet<>(attempt.requiredScopes());
        missing.removeAll(attempt.candidate().scopes().granted());
        if (attempt.requiredScopes().isEmpty()) {
            return StepDetail.missing("no scope was required", missing);
        }
        return StepDetail.missing(missing.isEmpty() ? "grants every required scope" : "lacks "
                + missing.stream().map(Scope::value).collect(Collectors.joining(" ")), missing);
    }

    /** A policy that accepts what {@code accepts} accepts, and refuses with {@code step}'s reason otherwise. */
    private static VerificationPolicy rule(VerificationStep step, Predicate<VerificationAttempt> accepts,
                                           Function<VerificationAttempt, StepDetail> detail) {
        Optional<RejectionReason> refusal = Optional.of(step.refusal());
        return new VerificationPolicy() {
            @Override
            public VerificationStep step() {
                return step;
            }

            @Override
            public Optional<RejectionReason> check(VerificationAttempt attempt) {
                return accepts.test(attempt) ? Optional.empty() : refusal;
            }

            @Override
            public StepDetail detail(VerificationAttempt attempt) {
                return detail.apply(attempt);
            }

            @Override
            public String toString() {
                return "VerificationPolicy[" + step.wireName() + "]";
            }
        };
    }

    private VerificationPolicies() {
    }
}
