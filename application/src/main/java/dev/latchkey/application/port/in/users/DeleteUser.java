package dev.latchkey.application.port.in.users;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.user.UserId;

/**
 * Deletes a user: every key of it stops working at once. Throws {@code UserNotFound}, and
 * {@code InsufficientPrivilege} when {@code caller} does not hold every built-in scope of the user's unrevoked keys.
 */
public interface DeleteUser {

    void delete(Caller caller, UserId id);
}
