package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.KeyValidity;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHash;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * What one read by key id brings for verification: exactly what the policies and a verdict need (the key's
 * prefix and hash, scopes, expiry, revocation and meta, its rate limit, whether it has a usage quota, the addresses
 * it may be used from, its owner's status, the key whose quota and rate-limit bucket it draws on, and whether it is a
 * honeytoken, which never authenticates), nothing a
 * listing shows besides. Not the quota's count: that changes with every use and is taken in the
 * store. Small on purpose: a verification cache keeps one per key.
 */
public record VerifiableKey(KeyId id, KeyPrefix prefix, UserId owner, SecretHash secretHash, Scopes scopes, Instant expiresAt,
                            Instant revokedAt, KeyMetadata meta, UserStatus ownerStatus, RateLimit rateLimit,
                            boolean hasQuota, AllowedCidrs allowedCidrs, KeyId limitsKeyId, boolean honeytoken)
        implements KeyValidity {

    /** {@code limitsKeyId}: {@code null} is the key itself. */
    public VerifiableKey {
        Objects.requireNonNull(id, "id");
        if (limitsKeyId == null) {
            limitsKeyId = id;
        }
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(ownerStatus, "ownerStatus");
    }

    /** A key that is not a honeytoken. */
    public VerifiableKey(KeyId id, KeyPrefix prefix, UserId owner, SecretHash secretHash, Scopes scopes,
                         Instant expiresAt, Instant revokedAt, KeyMetadata meta, UserStatus ownerStatus,
                         RateLimit rateLimit, boolean hasQuota, AllowedCidrs allowedCidrs, KeyId limitsKeyId) {
        this(id, prefix, owner, secretHash, scopes, expiresAt, revokedAt, meta, ownerStatus, rateLimit, hasQuota,
                allowedCidrs, limitsKeyId, false);
    }

    /** A key without a rate limit, quota or address restriction. */
    public VerifiableKey(KeyId id, KeyPrefix prefix, UserId owner, SecretHash secretHash, Scopes scopes,
                         Instant expiresAt, Instant revokedAt, KeyMetadata meta, UserStatus ownerStatus) {
        this(id, prefix, owner, secretHash, scopes, expiresAt, revokedAt, meta, ownerStatus, null, false, null, null);
    }

    /** A key drawing on its own quota and rate-limit bucket (not rotated from another). */
    public VerifiableKey(KeyId id, KeyPrefix prefix, UserId owner, SecretHash secretHash, Scopes scopes,
                         Instant expiresAt, Instant revokedAt, KeyMetadata meta, UserStatus ownerStatus,
                         RateLimit rateLimit, boolean hasQuota, AllowedCidrs allowedCidrs) {
        this(id, prefix, owner, secretHash, scopes, expiresAt, revokedAt, meta, ownerStatus, rateLimit, hasQuota,
                allowedCidrs, null);
    }

    /** The verification view of a stored key owned by a user in {@code ownerStatus}. */
    public static VerifiableKey of(ApiKey key, UserStatus ownerStatus) {
        return new VerifiableKey(key.id(), key.prefix(), key.owner(), key.secretHash(), key.scopes(), key.expiresAt(),
                key.revokedAt(), key.meta(), ownerStatus, key.rateLimit(), key.remaining() != null,
                key.allowedCidrs(), key.limitsKeyId(), key.honeytoken());
    }
}
