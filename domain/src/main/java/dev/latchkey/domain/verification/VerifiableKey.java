package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHash;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * What one read by key id brings for verification: exactly what the policies and a verdict need (the key's
 * prefix and hash, scopes, expiry, revocation and meta, and its owner's status), nothing a listing shows besides. Small on
 * purpose: a verification cache keeps one per key.
 */
public record VerifiableKey(KeyId id, KeyPrefix prefix, UserId owner, SecretHash secretHash, Scopes scopes, Instant expiresAt,
                            Instant revokedAt, KeyMetadata meta, UserStatus ownerStatus) {

    public VerifiableKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(ownerStatus, "ownerStatus");
    }

    /** The verification view of a stored key owned by a user in {@code ownerStatus}. */
    public static VerifiableKey of(ApiKey key, UserStatus ownerStatus) {
        return new VerifiableKey(key.id(), key.prefix(), key.owner(), key.secretHash(), key.scopes(), key.expiresAt(),
                key.revokedAt(), key.meta(), ownerStatus);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** Whether the key is past its {@code expiresAt} at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
