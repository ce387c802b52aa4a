package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An issued key as stored: everything but the secret, which exists only as its keyed hash. {@code rateLimit} and
 * {@code remaining} (uses left; {@code null}: unlimited) are the key's limits; {@code allowedCidrs} the client
 * addresses it may be used from ({@code null}: any); {@code lineage} how it came to be (issued, or rotated from
 * another key) and whose quota and rate-limit bucket it draws on ({@code null}: {@link KeyLineage#ISSUED});
 * {@code alerts} which alerts it raises ({@code null}: {@link KeyAlerts#DEFAULT}); {@code honeytoken} whether it is a
 * decoy that never authenticates (docs/honeytokens.md): such a key has neither rate limit nor quota and is never
 * rotated; {@code honeytokenPresentations} how often it was presented (written behind).
 */
public record ApiKey(KeyId id, UserId owner, String name, KeyPrefix prefix, SecretHash secretHash, Scopes scopes,
                     Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, KeyMetadata meta,
                     KeyId rotatedTo, RateLimit rateLimit, Long remaining, AllowedCidrs allowedCidrs,
                     KeyLineage lineage, KeyAlerts alerts, boolean honeytoken, long honeytokenPresentations)
        implements KeyValidity {

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
        if (alerts == null) {
            alerts = KeyAlerts.DEFAULT;
        }
        if (honeytoken && rateLimit != null) {
            throw new InvalidValueException("rateLimit", "a honeytoken has no rate limit: it never authenticates");
        }
        if (honeytoken && remaining != null) {
            throw new InvalidValueException("remaining", "a honeytoken has no usage quota: it never authenticates");
        }
        if (honeytokenPresentations < 0) {
            throw new IllegalArgumentException("honeytokenPresentations must be 0 or more");
        }
    }

    /** A key that is not a honeytoken. */
    public ApiKey(KeyId id, UserId owner, String name, KeyPrefix prefix, SecretHash secretHash, Scopes scopes,
                  Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, KeyMetadata meta,
                  KeyId rotatedTo, RateLimit rateLimit, Long remaining, AllowedCidrs allowedCidrs, KeyLineage lineage,
                  KeyAlerts alerts) {
        this(id, owner, name, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt, lastUsedAt, meta, rotatedTo,
                rateLimit, remaining, allowedCidrs, lineage, alerts, false, 0);
    }

    /** A new key for {@code owner}, stored as the hash of {@code token}'s secret. */
    public static ApiKey issue(ApiKeyToken token, SecretHasher hasher, UserId owner, String name, Scopes scopes,
                               Instant now, Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidValueException("expiresAt", "expiresAt must be in the future");
        }
        return new ApiKey(token.keyId(), owner, name, token.prefix(), hasher.hash(token), scopes,
                now, expiresAt, null, null, null, null, null, null, null, null, null);
    }

    /** {@code <prefix>_<first 4 chars of keyId>}, shown in listings. */
    public String start() {
        return ApiKeyToken.startOf(prefix, id);
    }


    /** This key revoked at {@code now}; a key already revoked keeps its first revocation time. */
    public ApiKey revokedAt(Instant now) {
        if (isRevoked()) {
            return this;
        }
        return with(key -> key.revokedAt = now);
    }

    /** This key with its last use recorded at {@code at}, unless it was last used later already. */
    public ApiKey usedAt(Instant at) {
        if (lastUsedAt != null && !lastUsedAt.isBefore(at)) {
            return this;
        }
        return with(key -> key.lastUsedAt = at);
    }

    public ApiKey renamed(String newName) {
        return with(key -> key.name = newName);
    }

    public ApiKey withScopes(Scopes newScopes) {
        return with(key -> key.scopes = newScopes);
    }

    /** This key expiring at {@code newExpiresAt}, which must be after {@code now}; {@code null}: never. */
    public ApiKey expiringAt(Instant newExpiresAt, Instant now) {
        if (newExpiresAt != null && !newExpiresAt.isAfter(now)) {
            throw new InvalidValueException("expiresAt", "expiresAt must be in the future");
        }
        return with(key -> key.expiresAt = newExpiresAt);
    }

    /**
     * This key as a stored change of its expiry leaves it: {@code requested} ({@code null}: never), except that a
     * rotated key's expiry, the end of its grace period, only ever comes forward (a change racing the rotation must
     * not give the retired key back its old expiry or none).
     */
    public ApiKey expiryChangedTo(Instant requested) {
        boolean graceOnlyComesForward = rotatedTo != null && expiresAt != null
                && (requested == null || !requested.isBefore(expiresAt));
        Instant newExpiresAt = graceOnlyComesForward ? expiresAt : requested;
        return with(key -> key.expiresAt = newExpiresAt);
    }

    /** This key with other metadata; {@code null} removes it. */
    public ApiKey withMeta(KeyMetadata newMeta) {
        return with(key -> key.meta = newMeta);
    }

    /** This key with another rate limit; {@code null} removes it. */
    public ApiKey withRateLimit(RateLimit newRateLimit) {
        return with(key -> key.rateLimit = newRateLimit);
    }

    /** This key with {@code newRemaining} uses left; {@code null}: unlimited. */
    public ApiKey withRemaining(Long newRemaining) {
        return with(key -> key.remaining = newRemaining);
    }

    /** This key usable only from {@code newAllowedCidrs}; {@code null}: from any address. */
    public ApiKey withAllowedCidrs(AllowedCidrs newAllowedCidrs) {
        return with(key -> key.allowedCidrs = newAllowedCidrs);
    }

    /** This key raising {@code newAlerts}; {@code null}: {@link KeyAlerts#DEFAULT}. */
    public ApiKey withAlerts(KeyAlerts newAlerts) {
        return with(key -> key.alerts = newAlerts);
    }

    /**
     * This key as a honeytoken: a decoy that never authenticates and alerts when presented. Only a new key becomes
     * one (a change never turns a key into or out of a honeytoken); it must have neither rate limit nor quota.
     */
    public ApiKey asHoneytoken() {
        return with(key -> key.honeytoken = true);
    }

    /** This honeytoken presented {@code count} more times. */
    public ApiKey presentedAgain(long count) {
        return with(key -> key.honeytokenPresentations += count);
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
        if (honeytoken) {
            throw new KeyNotRotatable(id, "it is a honeytoken");
        }
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
                KeyLineage.replacing(this, self), alerts);
        Instant graceEnd = now.plus(grace);
        Instant retiredAt = expiresAt != null && expiresAt.isBefore(graceEnd) ? expiresAt : graceEnd;
        ApiKey retired = with(key -> {
            key.expiresAt = retiredAt;
            key.rotatedTo = replacement.id();
        });
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
        return with(key -> {
            key.expiresAt = rotation.retired().expiresAt;
            key.rotatedTo = rotation.retired().rotatedTo;
        });
    }

    /**
     * This key with what {@code change} sets on a copy of its fields, the rest as they are: the one place the
     * changes above list every field. The result passes the canonical constructor, so it is checked as any new key.
     */
    private ApiKey with(Consumer<Fields> change) {
        Fields key = new Fields(this);
        change.accept(key);
        return new ApiKey(key.id, key.owner, key.name, key.prefix, key.secretHash, key.scopes, key.createdAt,
                key.expiresAt, key.revokedAt, key.lastUsedAt, key.meta, key.rotatedTo, key.rateLimit, key.remaining,
                key.allowedCidrs, key.lineage, key.alerts, key.honeytoken, key.honeytokenPresentations);
    }

    /** A key's fields, to be changed before they make a new key; never leaves {@link #with}. */
    private static final class Fields {
        private final KeyId id;
        private final UserId owner;
        private String name;
        private final KeyPrefix prefix;
        private final SecretHash secretHash;
        private Scopes scopes;
        private final Instant createdAt;
        private Instant expiresAt;
        private Instant revokedAt;
        private Instant lastUsedAt;
        private KeyMetadata meta;
        private KeyId rotatedTo;
        private RateLimit rateLimit;
        private Long remaining;
        private AllowedCidrs allowedCidrs;
        private final KeyLineage lineage;
        private KeyAlerts alerts;
        private boolean honeytoken;
        private long honeytokenPresentations;

        private Fields(ApiKey key) {
            id = key.id;
            owner = key.owner;
            name = key.name;
            prefix = key.prefix;
            secretHash = key.secretHash;
            scopes = key.scopes;
            createdAt = key.createdAt;
            expiresAt = key.expiresAt;
            revokedAt = key.revokedAt;
            lastUsedAt = key.lastUsedAt;
            meta = key.meta;
            rotatedTo = key.rotatedTo;
            rateLimit = key.rateLimit;
            remaining = key.remaining;
            allowedCidrs = key.allowedCidrs;
            lineage = key.lineage;
            alerts = key.alerts;
            honeytoken = key.honeytoken;
            honeytokenPresentations = key.honeytokenPresentations;
        }
    }
}
