package dev.latchkey.domain.apikey;

import dev.latchkey.domain.DomainException;

/** No key with that id exists. */
public final class ApiKeyNotFound extends DomainException {

    public ApiKeyNotFound(KeyId id) {
        super("no key with id " + id.value());
    }
}
