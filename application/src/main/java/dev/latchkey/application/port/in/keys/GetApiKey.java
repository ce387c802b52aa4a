package dev.latchkey.application.port.in.keys;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;

/** Finds one key by its public id. Throws {@code ApiKeyNotFound}. */
public interface GetApiKey {

    ApiKey get(KeyId id);
}
