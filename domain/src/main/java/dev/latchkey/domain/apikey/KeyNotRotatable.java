package dev.latchkey.domain.apikey;

import dev.latchkey.domain.DomainException;

/** The key cannot be rotated: it is revoked, expired, or was rotated already (perhaps by a concurrent request). */
public final class KeyNotRotatable extends DomainException {

    public KeyNotRotatable(KeyId id, String why) {
        super("key " + id.value() + " cannot be rotated: " + why);
    }
}
