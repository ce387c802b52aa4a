package dev.latchkey.application.service.users;

import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserNotFound;

/** The one rule for finding a user on behalf of a caller: a deleted user is gone, i.e. not found. */
public final class LiveUsers {

    private LiveUsers() {
    }

    public static User require(Users users, UserId id) {
        return users.findById(id).filter(user -> !user.isDeleted()).orElseThrow(() -> new UserNotFound(id));
    }
}
