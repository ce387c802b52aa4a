package dev.latchkey.adapter.in.http;

import dev.latchkey.domain.verification.RejectionReason;
import io.micronaut.http.HttpRequest;
import io.micronaut.core.annotation.Nullable;
import java.util.Optional;

/**
 * Why the key a request presented did not authenticate it, kept on the request for the refusal; with the seconds
 * after which to try again when the refusal is a throttle.
 */
record AuthenticationFailure(ProblemCode code, String detail, @Nullable Long retryAfterSeconds) {

    AuthenticationFailure(ProblemCode code, String detail) {
        this(code, detail, null);
    }

    /** Whether this failure counts against the client's address: a 401 for a key it presented. */
    boolean countsAgainstClient() {
        return code.status().getCode() == 401;
    }

    private static final String ATTRIBUTE = "latchkey.authenticationFailure";

    static AuthenticationFailure of(RejectionReason reason) {
        return switch (reason) {
            case MALFORMED -> new AuthenticationFailure(ProblemCode.MALFORMED_KEY, "the API key is not well-formed");
            case NOT_FOUND -> new AuthenticationFailure(ProblemCode.INVALID_KEY, "the API key is not valid");
            case EXPIRED -> new AuthenticationFailure(ProblemCode.EXPIRED_KEY, "the API key has expired");
            case REVOKED -> new AuthenticationFailure(ProblemCode.REVOKED_KEY, "the API key has been revoked");
            case DISABLED -> new AuthenticationFailure(ProblemCode.DISABLED_USER, "the key's owner is disabled");
            case INSUFFICIENT_SCOPE -> new AuthenticationFailure(ProblemCode.INSUFFICIENT_SCOPE,
                    "the API key lacks a required scope");
        };
    }

    void recordOn(HttpRequest<?> request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static Optional<AuthenticationFailure> on(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, AuthenticationFailure.class);
    }
}
