package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * One verification that happened: when, which key (its id when the presented key parsed, else {@code null}), whose
 * key (known for a valid key), the outcome ({@code VALID} or the {@link RejectionReason}'s name), the client address
 * the key was presented from, the request id, the route that asked ({@code /v1/auth}, {@code /v1/keys/verify}, or the
 * route the key authenticated) and the key that asked for it ({@code /v1/keys/verify}'s caller), the client's user
 * agent, and whether a honeytoken was presented (its outcome is {@code NOT_FOUND}, as a wrong secret's; only the
 * honeytoken alert reads the marker). Never key material.
 */
public record VerificationEvent(Instant at, KeyId keyId, UserId userId, String outcome, String clientIp,
                                String requestId, String route, KeyId actorKeyId, String userAgent,
                                boolean honeytoken) {

    /** The outcome of a valid key. */
    public static final String VALID = "VALID";

    public VerificationEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** An event without user agent, not of a honeytoken. */
    public VerificationEvent(Instant at, KeyId keyId, UserId userId, String outcome, String clientIp,
                             String requestId, String route, KeyId actorKeyId) {
        this(at, keyId, userId, outcome, clientIp, requestId, route, actorKeyId, null, false);
    }

    /** The event of {@code verification}, decided at {@code at}. */
    public static VerificationEvent of(Verification verification, Instant at, String clientIp, String requestId,
                                       String route, KeyId actorKeyId) {
        return of(verification, at, clientIp, requestId, route, actorKeyId, null);
    }

    /** The event of {@code verification}, decided at {@code at}, presented by {@code userAgent}. */
    public static VerificationEvent of(Verification verification, Instant at, String clientIp, String requestId,
                                       String route, KeyId actorKeyId, String userAgent) {
        if (verification instanceof Verification.Valid valid) {
            return new VerificationEvent(at, valid.key().id(), valid.key().owner(), VALID, clientIp, requestId, route,
                    actorKeyId, userAgent, false);
        }
        Verification.Rejected rejected = (Verification.Rejected) verification;
        return new VerificationEvent(at, rejected.keyId().orElse(null), null, rejected.reason().name(), clientIp,
                requestId, route, actorKeyId, userAgent, rejected.honeytoken());
    }

    public boolean valid() {
        return VALID.equals(outcome);
    }
}
