package dev.latchkey.application.port.in;

import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;

/** Finds one user. Throws {@code UserNotFound}. */
public interface GetUser {

    User get(UserId id);
}
