package dev.latchkey.domain.user;

import dev.latchkey.domain.DomainException;

/** No user with that id exists (or it is not visible to the caller). */
public final class UserNotFound extends DomainException {

    public UserNotFound(UserId id) {
        super("no user with id " + id.value());
    }
}
