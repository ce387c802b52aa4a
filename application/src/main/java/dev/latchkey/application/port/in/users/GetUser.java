package dev.latchkey.application.port.in.users;

import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;

/** Finds one user. Throws {@code UserNotFound}. */
public interface GetUser {

    User get(UserId id);
}
