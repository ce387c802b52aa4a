package dev.latchkey.adapter.in.http.gateway;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code latchkey.http.forward-auth.refusal-status} ({@code LATCHKEY_HTTP_FORWARD_AUTH_REFUSAL_STATUS}): unset, or
 * {@code 403} to answer every 429 and 503 refusal of {@code /v1/auth} with 403 (same problem type and code,
 * {@code Retry-After} kept). Read when the application starts, with nothing else, so that any other value stops the
 * start (every command too) rather than the first request.
 */
@Context
final class RefusalStatusSetting {

    static final String NAME = "latchkey.http.forward-auth.refusal-status";

    private final boolean forbidden;

    RefusalStatusSetting(@Property(name = NAME) @Nullable String value) {
        if (value == null || value.isBlank()) {
            this.forbidden = false;
        } else if (value.strip().equals("403")) {
            this.forbidden = true;
        } else {
            throw new IllegalArgumentException(NAME + " (LATCHKEY_HTTP_FORWARD_AUTH_REFUSAL_STATUS) may only be 403 "
                    + "(or unset): it turns 429 and 503 refusals of /v1/auth into 403");
        }
    }

    /** Whether every 429 and 503 refusal of {@code /v1/auth} is to be a 403. */
    boolean forbidden() {
        return forbidden;
    }
}
