package dev.latchkey.application.port.in.users;

import dev.latchkey.domain.apikey.ApiKeyToken;

/**
 * Makes sure an {@code admin} user owns the operator's bootstrap key with scope {@code admin}.
 * Idempotent: safe on every start-up.
 */
public interface EnsureBootstrapAdmin {

    void ensure(ApiKeyToken bootstrapKey);
}
