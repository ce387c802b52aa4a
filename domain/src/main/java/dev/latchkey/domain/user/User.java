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

    public boolean isDeleted() {
        return status == UserStatus.DELETED;
    }

    public User renamed(String newName, Instant now) {
        return new User(id, newName, email, externalId, status, createdAt, now);
    }

    /** This user with another email address; {@code null} clears it. */
    public User withEmail(String newEmail, Instant now) {
        return new User(id, name, newEmail, externalId, status, createdAt, now);
    }

    /** Disabled or re-enabled; deletion is {@link #deleted}, and a deleted user stays deleted. */
    public User withStatus(UserStatus newStatus, Instant now) {
        if (newStatus == UserStatus.DELETED) {
            throw new InvalidValueException("status", "status must be active or disabled; delete the user instead");
        }
        if (isDeleted()) {
            throw new IllegalStateException("a deleted user cannot change status");
        }
        return new User(id, name, email, externalId, newStatus, createdAt, now);
    }

    /** Deleted: its keys stop working, and its externalId is free for a new user. */
    public User deleted(Instant now) {
        return new User(id, name, email, null, UserStatus.DELETED, createdAt, now);
    }
}
