package dev.latchkey.application.port.in.keys;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.KeyId;
import java.time.Duration;
import java.util.Objects;

/**
 * Replaces a key by a new one with the same owner, name, scopes and meta; the old key keeps working for the
 * grace period. Both happen at once: no moment exists in which neither key works. Throws {@code ApiKeyNotFound},
 * and {@code KeyNotRotatable} when the key is revoked, expired or already rotated (also by a concurrent call), and
 * {@code InsufficientPrivilege} when {@code caller} does not hold every built-in scope of the key.
 */
public interface RotateApiKey {

    IssueApiKey.IssuedApiKey rotate(Caller caller, Command command);

    record Command(KeyId id, Duration gracePeriod) {

        public static final long MAX_GRACE_SECONDS = 2_592_000;
        public static final Duration MAX_GRACE = Duration.ofSeconds(MAX_GRACE_SECONDS);

        public Command {
            Objects.requireNonNull(id, "id");
            if (gracePeriod.isNegative() || gracePeriod.compareTo(MAX_GRACE) > 0) {
                throw new InvalidValueException("gracePeriodSeconds",
                        "gracePeriodSeconds must be between 0 and " + MAX_GRACE.toSeconds());
            }
        }
    }
}
