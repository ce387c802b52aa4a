package dev.latchkey.application.port.in;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;

/** Revokes a key at once; revoking it again changes nothing. Throws {@code ApiKeyNotFound}. */
public interface RevokeApiKey {

    ApiKey revoke(KeyId id);
}
