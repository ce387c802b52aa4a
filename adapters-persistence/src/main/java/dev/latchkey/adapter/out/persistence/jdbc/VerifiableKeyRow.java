package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.LocalDateTime;

/** A key row joined with its owner's status: the one read verification makes. */
@Introspected
record VerifiableKeyRow(String keyId, String userId, String name, String prefix, byte[] secretHash, String scopes,
                        LocalDateTime createdAt, @Nullable LocalDateTime expiresAt,
                        @Nullable LocalDateTime revokedAt, @Nullable LocalDateTime lastUsedAt, @Nullable String meta,
                        @Nullable String rotatedTo, @Nullable Integer rateLimit, @Nullable Integer ratePeriodSeconds,
                        @Nullable Long remaining, @Nullable String allowedCidrs, @Nullable String rotatedFrom,
                        boolean selfRotated, @Nullable String limitsKeyId, boolean honeytoken, String ownerStatus) {

    /** The key's row; its alerts are not read here (verification has no use for them): on, as by default. */
    ApiKeyRow key() {
        return new ApiKeyRow(keyId, userId, name, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt,
                lastUsedAt, meta, rotatedTo, rateLimit, ratePeriodSeconds, remaining, allowedCidrs, rotatedFrom,
                selfRotated, limitsKeyId, true, honeytoken, 0);
    }
}
