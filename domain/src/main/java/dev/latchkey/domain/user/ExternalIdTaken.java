package dev.latchkey.domain.user;

import dev.latchkey.domain.DomainException;

/** Another user already has that externalId. */
public final class ExternalIdTaken extends DomainException {

    public ExternalIdTaken() {
        super("a user with that externalId exists");
    }
}
