package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;

/** An issued key as stored: everything but the secret, which exists only as its keyed hash. */
public record ApiKey(KeyId id, UserId owner, String name, KeyPrefix prefix, SecretHash secretHash, Scopes scopes,
                     Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

    public static final int MAX_NAME_LENGTH = 200;

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(createdAt, "createdAt");
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "name must be 1-" + MAX_NAME_LENGTH + " characters and not blank");
        }
    }

    /** A new key for {@code owner}, stored as the hash of {@code token}'s secret. */
    public static ApiKey issue(ApiKeyToken token, SecretHasher hasher, UserId owner, String name, Scopes scopes,
                               Instant now, Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidValueException("expiresAt", "expiresAt must be in the future");
        }
        return new ApiKey(token.keyId(), owner, name, token.prefix(), hasher.hash(token), scopes,
                now, expiresAt, null, null);
    }

    /** {@code <prefix>_<first 4 chars of keyId>}, shown in listings. */
    public String start() {
        return ApiKeyToken.startOf(prefix, id);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** Whether the key is past its {@code expiresAt} at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** This key revoked at {@code now}; a key already revoked keeps its first revocation time. */
    public ApiKey revokedAt(Instant now) {
        if (isRevoked()) {
            return this;
        }
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, expiresAt, now, lastUsedAt);
    }

    /** This key with its last use recorded at {@code now}. */
    public ApiKey usedAt(Instant now) {
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt, now);
    }
}
