package dev.latchkey.domain.user;

import dev.latchkey.domain.InvalidValueException;
import java.util.Locale;

/** Whether a user's keys may work: only an {@code ACTIVE} user's keys do. */
public enum UserStatus {
    ACTIVE,
    DISABLED,
    DELETED;

    /** The lower-case name used in the API and in storage. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UserStatus fromWireName(String name) {
        for (UserStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new InvalidValueException("status", "status must be active or disabled");
    }
}
