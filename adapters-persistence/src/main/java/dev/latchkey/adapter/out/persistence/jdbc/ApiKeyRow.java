package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;

/**
 * A row of {@code api_keys}: scopes space-separated, times UTC, the secret only as its HMAC, the rate limit as its
 * two numbers (both or neither), the allowed addresses space-separated; {@code rotatedFrom}, {@code selfRotated} and
 * {@code limitsKeyId} its {@code KeyLineage}; {@code alertNewNetwork} its {@code KeyAlerts}; {@code honeytoken} and its
 * count of presentations.
 */
@MappedEntity("api_keys")
record ApiKeyRow(@Id String keyId, String userId, String name, String prefix, byte[] secretHash, String scopes,
                 LocalDateTime createdAt, @Nullable LocalDateTime expiresAt, @Nullable LocalDateTime revokedAt,
                 @Nullable LocalDateTime lastUsedAt, @Nullable String meta, @Nullable String rotatedTo,
                 @Nullable Integer rateLimit, @Nullable Integer ratePeriodSeconds, @Nullable Long remaining,
                 @Nullable String allowedCidrs, @Nullable String rotatedFrom, boolean selfRotated,
                 @Nullable String limitsKeyId, boolean alertNewNetwork, boolean honeytoken,
                 long honeytokenPresentations) {
}
