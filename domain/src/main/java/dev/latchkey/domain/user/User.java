package dev.latchkey.domain.user;

import dev.latchkey.domain.InvalidValueException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** Someone (a person, team or service) who owns API keys. */
public record User(UserId id, String name, String email, String externalId, UserStatus status,
                   Instant createdAt, Instant updatedAt) {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_EXTERNAL_ID_LENGTH = 200;
    // deliberately simple: one @, no spaces, a dot in the domain; real validation is a mail to the address
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        requireValidName(name);
        if (email != null && (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches())) {
            throw new InvalidValueException("email", "email must be a valid address");
        }
        if (externalId != null && (externalId.isBlank() || externalId.length() > MAX_EXTERNAL_ID_LENGTH)) {
            throw new InvalidValueException("externalId",
                    "externalId must be 1-" + MAX_EXTERNAL_ID_LENGTH + " characters and not blank");
        }
    }

    static void requireValidName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "name must be 1-" + MAX_NAME_LENGTH + " characters and not blank");
        }
    }

    /** A new, active user. */
    public static User register(UserId id, String name, String email, String externalId, Instant now) {
        return new User(id, name, email, externalId, UserStatus.ACTIVE, now, now);
    }

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }
}
