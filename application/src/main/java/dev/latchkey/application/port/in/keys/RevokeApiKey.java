package dev.latchkey.application.port.in.keys;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;

/**
 * Revokes a key at once; revoking it again changes nothing. Throws {@code ApiKeyNotFound}, and
 * {@code InsufficientPrivilege} when {@code caller} does not hold every built-in scope of the key.
 */
public interface RevokeApiKey {

    ApiKey revoke(Caller caller, KeyId id);
}
