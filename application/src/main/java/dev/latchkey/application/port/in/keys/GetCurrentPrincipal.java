package dev.latchkey.application.port.in.keys;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.User;

/** The user and key behind an authenticated request ({@code /v1/me}). */
public interface GetCurrentPrincipal {

    Principal of(KeyId authenticatedKey);

    record Principal(User user, ApiKey key) {
    }
}
