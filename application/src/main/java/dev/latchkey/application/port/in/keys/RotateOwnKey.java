package dev.latchkey.application.port.in.keys;

import dev.latchkey.domain.apikey.KeyId;
import java.time.Duration;
import java.util.Objects;

/**
 * A key replaces itself ({@code POST /v1/me/rotate}), as {@link RotateApiKey} does, with a grace period no longer than
 * the self-service maximum ({@code latchkey.rotation.self-max-grace}; a longer one is an {@code InvalidValueException}
 * on {@code gracePeriodSeconds}). The replacement records that it was self-rotated: a leak report of the old key
 * revokes it too. Only a key holding {@code me:rotate} may call this (the adapter checks the caller's scopes).
 */
public interface RotateOwnKey {

    IssueApiKey.IssuedApiKey rotateOwn(Command command);

    /** {@code id}: the presenting key, which is the one replaced. */
    record Command(KeyId id, Duration gracePeriod) {

        public Command {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(gracePeriod, "gracePeriod");
        }
    }
}
