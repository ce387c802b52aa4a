package dev.latchkey.adapter.in.http.security;

import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.domain.verification.RateLimitState;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.Verification;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import java.util.Optional;

/**
 * Why the key a request presented did not authenticate it, kept on the request for the refusal; with the seconds
 * after which to try again when the refusal is a throttle.
 */
public record AuthenticationFailure(ProblemCode code, String detail, @Nullable Long retryAfterSeconds) {

    AuthenticationFailure(ProblemCode code, String detail) {
        this(code, detail, null);
    }

    /** Whether this failure counts against the client's address: a 401 for a key it presented. */
    public boolean countsAgainstClient() {
        return code.status().getCode() == 401;
    }

    private static final String ATTRIBUTE = "latchkey.authenticationFailure";

    /** The failure of a refused verdict; a rate-limited one says when to try again. */
    public static AuthenticationFailure of(Verification.Rejected rejected) {
        if (rejected.reason() == RejectionReason.RATE_LIMITED) {
            long seconds = rejected.rateLimit().map(RateLimitState::retryAfterSeconds).orElse(1L);
            return new AuthenticationFailure(ProblemCode.RATE_LIMITED, "the API key's rate limit is exhausted; try"
                    + " again in " + seconds + " s", seconds);
        }
        return of(rejected.reason());
    }

    static AuthenticationFailure of(RejectionReason reason) {
        return switch (reason) {
            case MALFORMED -> new AuthenticationFailure(ProblemCode.MALFORMED_KEY, "the API key is not well-formed");
            case NOT_FOUND -> new AuthenticationFailure(ProblemCode.INVALID_KEY, "the API key is not valid");
            case EXPIRED -> new AuthenticationFailure(ProblemCode.EXPIRED_KEY, "the API key has expired");
            case REVOKED -> new AuthenticationFailure(ProblemCode.REVOKED_KEY, "the API key has been revoked");
            case DISABLED -> new AuthenticationFailure(ProblemCode.DISABLED_USER, "the key's owner is disabled");
            case INSUFFICIENT_SCOPE -> new AuthenticationFailure(ProblemCode.INSUFFICIENT_SCOPE,
                    "the API key lacks a required scope");
            case IP_NOT_ALLOWED -> new AuthenticationFailure(ProblemCode.IP_NOT_ALLOWED,
                    "the API key may not be used from this client address");
            case USAGE_EXCEEDED -> new AuthenticationFailure(ProblemCode.USAGE_EXCEEDED,
                    "the API key's remaining uses are spent");
            case RATE_LIMITED -> new AuthenticationFailure(ProblemCode.RATE_LIMITED,
                    "the API key's rate limit is exhausted", 1L);
        };
    }

    void recordOn(HttpRequest<?> request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static Optional<AuthenticationFailure> on(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, AuthenticationFailure.class);
    }
}
