package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An issued key as stored: everything but the secret, which exists only as its keyed hash. {@code rateLimit} and
 * {@code remaining} (uses left; {@code null}: unlimited) are the key's limits; {@code allowedCidrs} the client
 * addresses it may be used from ({@code null}: any); {@code lineage} how it came to be (issued, or rotated from
 * another key) and whose quota and rate-limit bucket it draws on ({@code null}: {@link KeyLineage#ISSUED}).
 */
public record ApiKey(KeyId id, UserId owner, String name, KeyPrefix prefix, SecretHash secretHash, Scopes scopes,
                     Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, KeyMetadata meta,
                     KeyId rotatedTo, RateLimit rateLimit, Long remaining, AllowedCidrs allowedCidrs,
                     KeyLineage lineage) {

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
        if (remaining != null && remaining < 0) {
            throw new InvalidValueException("remaining", "remaining must be 0 or more");
        }
        if (lineage == null) {
            lineage = KeyLineage.ISSUED;
        }
    }

    /** A new key for {@code owner}, stored as the hash of {@code token}'s secret. */
    public static ApiKey issue(ApiKeyToken token, SecretHasher hasher, UserId owner, String name, Scopes scopes,
                               Instant now, Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidValueException("expiresAt", "expiresAt must be in the future");
        }
        return new ApiKey(token.keyId(), owner, name, token.prefix(), hasher.hash(token), scopes,
                now, expiresAt, null, null, null, null, null, null, null, null);
    }

    /** {@code <prefix>_<first 4 chars of keyId>}, shown in listings. */
    public String start() {
        return ApiKeyToken.startOf(prefix, id);
    }

    /** Whether a client at {@code clientAddress} may use the key: any may, unless the key names its addresses. */
    public boolean allowsAddress(String clientAddress) {
        return allowedCidrs == null || allowedCidrs.allows(clientAddress);
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
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, expiresAt, now, lastUsedAt, meta,
                rotatedTo, rateLimit, remaining, allowedCidrs, lineage);
    }

    /** This key with its last use recorded at {@code at}, unless it was last used later already. */
    public ApiKey usedAt(Instant at) {
        if (lastUsedAt != null && !lastUsedAt.isBefore(at)) {
            return this;
        }
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt, at, meta,
                rotatedTo, rateLimit, remaining, allowedCidrs, lineage);
    }

    public ApiKey renamed(String newName) {
        return new ApiKey(id, owner, newName, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt, lastUsedAt,
                meta, rotatedTo, rateLimit, remaining, allowedCidrs, lineage);
    }

    public ApiKey withScopes(Scopes newScopes) {
        return new ApiKey(id, owner, name, prefix, secretHash, newScopes, createdAt, expiresAt, revokedAt, lastUsedAt,
                meta, rotatedTo, rateLimit, remaining, allowedCidrs, lineage);
    }

    /** This key expiring at {@code newExpiresAt}, which must be after {@code now}; {@code null}: never. */
    public ApiKey expiringAt(Instant newExpiresAt, Instant now) {
        if (newExpiresAt != null && !newExpiresAt.isAfter(now)) {
            throw new InvalidValueException("expiresAt", "expiresAt must be in the future");
        }
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, newExpiresAt, revokedAt, lastUsedAt,
                meta, rotatedTo, rateLimit, remaining, allowedCidrs, lineage);
    }

    /**
     * This key as a stored change of its expiry leaves it: {@code requested} ({@code null}: never), except that a
     * rotated key's expiry, the end of its grace period, only ever comes forward (a change racing the rotation must
     * not give the retired key back its old expiry or none).
     */
    public ApiKey expiryChangedTo(Instant requested) {
        Instant newExpiresAt = requested;
        if (rotatedTo != null && expiresAt != null && (requested == null || !requested.isBefore(expiresAt))) {
            newExpiresAt = expiresAt;
        }
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, newExpiresAt, revokedAt, lastUsedAt,
                meta, rotatedTo, rateLimit, remaining, allowedCidrs, lineage);
    }

    /** This key with other metadata; {@code null} removes it. */
    public ApiKey withMeta(KeyMetadata newMeta) {
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt, lastUsedAt,
                newMeta, rotatedTo, rateLimit, remaining, allowedCidrs, lineage);
    }

    /** This key with another rate limit; {@code null} removes it. */
    public ApiKey withRateLimit(RateLimit newRateLimit) {
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt, lastUsedAt,
                meta, rotatedTo, newRateLimit, remaining, allowedCidrs, lineage);
    }

    /** This key with {@code newRemaining} uses left; {@code null}: unlimited. */
    public ApiKey withRemaining(Long newRemaining) {
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt, lastUsedAt,
                meta, rotatedTo, rateLimit, newRemaining, allowedCidrs, lineage);
    }

    /** This key usable only from {@code newAllowedCidrs}; {@code null}: from any address. */
    public ApiKey withAllowedCidrs(AllowedCidrs newAllowedCidrs) {
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt, lastUsedAt,
                meta, rotatedTo, rateLimit, remaining, newAllowedCidrs, lineage);
    }

    /** A key rotated into its replacement: the old one retired with its grace period, the new one issued. */
    public record Rotation(ApiKey retired, ApiKey replacement) {
    }

    /** A rotation by a caller with {@code keys:write}, not by the key itself. */
    public Rotation rotate(ApiKeyToken newToken, SecretHasher hasher, Instant now, Duration grace) {
        return rotate(newToken, hasher, now, grace, false);
    }

    /**
     * Rotates this key into {@code newToken}: the replacement keeps owner, name, scopes, expiry, meta, limits (the rate
     * limit, and the uses left at this moment) and allowed addresses, records that it replaced this key ({@code self}:
     * by this key's own request) and shares this key's quota and rate-limit bucket ({@link KeyLineage}); this key then
     * expires at {@code now + grace}, never later than it already did, and points to its replacement.
     */
    public Rotation rotate(ApiKeyToken newToken, SecretHasher hasher, Instant now, Duration grace, boolean self) {
        if (isRevoked()) {
            throw new KeyNotRotatable(id, "it is revoked");
        }
        if (rotatedTo != null) {
            throw new KeyNotRotatable(id, "it was rotated already");
        }
        if (isExpiredAt(now)) {
            throw new KeyNotRotatable(id, "it has expired");
        }
        ApiKey replacement = new ApiKey(newToken.keyId(), owner, name, newToken.prefix(), hasher.hash(newToken), scopes,
                now, expiresAt, null, null, meta, null, rateLimit, remaining, allowedCidrs,
                KeyLineage.replacing(this, self));
        Instant graceEnd = now.plus(grace);
        Instant retiredAt = expiresAt != null && expiresAt.isBefore(graceEnd) ? expiresAt : graceEnd;
        ApiKey retired = new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, retiredAt, revokedAt,
                lastUsedAt, meta, replacement.id(), rateLimit, remaining, allowedCidrs, lineage);
        return new Rotation(retired, replacement);
    }

    /** The key whose usage quota and rate-limit bucket this key draws on: the first key of its line of rotations. */
    public KeyId limitsKeyId() {
        return lineage.limitsKeyId() != null ? lineage.limitsKeyId() : id;
    }

    /**
     * This key as stored, retired by {@code rotation}: its grace expiry and its replacement taken from the rotation,
     * the rest as it is now (a use or a quota taken since the rotation was computed stays).
     */
    public ApiKey retiredBy(Rotation rotation) {
        return new ApiKey(id, owner, name, prefix, secretHash, scopes, createdAt, rotation.retired().expiresAt,
                revokedAt, lastUsedAt, meta, rotation.retired().rotatedTo, rateLimit, remaining, allowedCidrs,
                lineage);
    }
}
