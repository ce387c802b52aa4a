package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.user.UserStatus;
import java.util.Objects;

/** What one read by key id brings for verification: the key and its owner's status. */
public record VerifiableKey(ApiKey key, UserStatus ownerStatus) {

    public VerifiableKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ownerStatus, "ownerStatus");
    }
}
