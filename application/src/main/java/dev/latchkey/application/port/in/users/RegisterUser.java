package dev.latchkey.application.port.in.users;

import dev.latchkey.domain.user.User;

/** Registers a new, active user. Throws {@code ExternalIdTaken} when the externalId is in use. */
public interface RegisterUser {

    User register(Command command);

    /** The fields of a new user; validated by the {@code User} it becomes. */
    record Command(String name, String email, String externalId) {
    }
}
