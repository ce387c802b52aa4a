package dev.latchkey.application.port.in.users;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes a user's name, email or status; the change applies to its keys at once. Throws {@code UserNotFound}, and
 * {@code InsufficientPrivilege} when {@code caller} does not hold every built-in scope of the user's unrevoked keys.
 */
public interface UpdateUser {

    User update(Caller caller, Command command);

    /**
     * Only what is present changes. {@code email} present but empty clears the address.
     * {@code status} is active or disabled.
     */
    record Command(UserId id, Optional<String> name, Optional<Optional<String>> email, Optional<UserStatus> status) {
        public Command {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(status, "status");
        }
    }
}
