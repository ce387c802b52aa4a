package dev.latchkey.application.port.in;

import dev.latchkey.domain.user.UserId;

/** Deletes a user: every key of it stops working at once. Throws {@code UserNotFound}. */
public interface DeleteUser {

    void delete(UserId id);
}
