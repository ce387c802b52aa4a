package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The queries on {@code api_keys}, written once in SQL that every supported database runs; the generated ones
 * ({@code save}, {@code findById}) are built per dialect by the one implementation the URL selects.
 */
interface ApiKeyRowRepository extends GenericRepository<ApiKeyRow, String> {

    @JdbcRepository(dialect = Dialect.MYSQL)
    @Requires(property = DatabaseVendor.URL_PROPERTY, pattern = DatabaseVendor.MYSQL_URLS)
    interface OnMySql extends ApiKeyRowRepository {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    @Requires(property = DatabaseVendor.URL_PROPERTY, pattern = DatabaseVendor.POSTGRESQL_URLS)
    interface OnPostgreSql extends ApiKeyRowRepository {
    }

    ApiKeyRow save(ApiKeyRow row);

    Optional<ApiKeyRow> findById(String keyId);

    List<ApiKeyRow> findByKeyIdIn(Collection<String> keyIds);

    @Query("SELECT k.key_id, k.user_id, k.name, k.prefix, k.secret_hash, k.scopes, k.created_at, k.expires_at,"
            + " k.revoked_at, k.last_used_at, k.meta, k.rotated_to, k.rate_limit, k.rate_period_seconds, k.remaining,"
            + " k.allowed_cidrs, k.rotated_from, k.self_rotated, k.limits_key_id, k.honeytoken, u.status AS owner_status"
            + " FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_id = :keyId")
    Optional<VerifiableKeyRow> findVerifiable(String keyId);

    @Query("SELECT k.key_id, k.user_id, k.name, k.prefix, k.secret_hash, k.scopes, k.created_at, k.expires_at,"
            + " k.revoked_at, k.last_used_at, k.meta, k.rotated_to, k.rate_limit, k.rate_period_seconds, k.remaining,"
            + " k.allowed_cidrs, k.rotated_from, k.self_rotated, k.limits_key_id, k.honeytoken, u.status AS owner_status"
            + " FROM api_keys k JOIN users u ON u.id = k.user_id"
            + " WHERE k.last_used_at IS NOT NULL AND k.revoked_at IS NULL ORDER BY k.last_used_at DESC LIMIT :limit")
    List<VerifiableKeyRow> findRecentlyUsed(int limit);

    /** {@code anyKind}: honeytokens and other keys; else only those whose {@code honeytoken} is as given. */
    @Query("SELECT * FROM api_keys WHERE user_id = :userId AND (:includeRevoked = TRUE OR revoked_at IS NULL)"
            + " AND (:anyKind = TRUE OR honeytoken = :honeytoken)"
            + " ORDER BY created_at, key_id LIMIT :limit")
    List<ApiKeyRow> listFirstOfOwner(String userId, boolean includeRevoked, boolean anyKind, boolean honeytoken,
                                     int limit);

    @Query("SELECT * FROM api_keys WHERE user_id = :userId AND (:includeRevoked = TRUE OR revoked_at IS NULL)"
            + " AND (:anyKind = TRUE OR honeytoken = :honeytoken)"
            + " AND (created_at > :createdAt OR (created_at = :createdAt AND key_id > :keyId))"
            + " ORDER BY created_at, key_id LIMIT :limit")
    List<ApiKeyRow> listOfOwnerAfter(String userId, boolean includeRevoked, boolean anyKind, boolean honeytoken,
                                     LocalDateTime createdAt, String keyId, int limit);

    @Query("UPDATE api_keys SET revoked_at = :at WHERE key_id = :keyId AND revoked_at IS NULL")
    long revoke(String keyId, LocalDateTime at);

    /**
     * Takes one use from a key's quota, only while some is left and the key holds its line's quota (it was not
     * rotated): concurrent takers queue on the row lock, and a rotation holds it until the quota has moved on.
     */
    @Query("UPDATE api_keys SET remaining = remaining - 1 WHERE key_id = :keyId AND remaining > 0"
            + " AND rotated_to IS NULL")
    long takeUse(String keyId);

    /** The old half of a rotation: only a key that is neither revoked nor rotated yet. */
    @Query("UPDATE api_keys SET expires_at = :expiresAt, rotated_to = :rotatedTo"
            + " WHERE key_id = :keyId AND revoked_at IS NULL AND rotated_to IS NULL")
    long retire(String keyId, LocalDateTime expiresAt, String rotatedTo);

    /** Live keys of active users expiring in {@code (after, until]} without a notice of {@code kind} for that expiry. */
    @Query("SELECT k.* FROM api_keys k JOIN users u ON u.id = k.user_id"
            + " WHERE k.revoked_at IS NULL AND u.status = 'active' AND k.expires_at > :after AND k.expires_at <= :until"
            + " AND NOT EXISTS (SELECT 1 FROM key_notices n WHERE n.key_id = k.key_id AND n.kind = :kind"
            + " AND n.expires_at = k.expires_at) ORDER BY k.expires_at, k.key_id LIMIT :limit")
    List<ApiKeyRow> expiringUnnoticed(LocalDateTime after, LocalDateTime until, String kind, int limit);

    /** Live keys of active users with fewer than {@code threshold} uses left and no notice of {@code kind}. */
    @Query("SELECT k.* FROM api_keys k JOIN users u ON u.id = k.user_id"
            + " WHERE k.revoked_at IS NULL AND u.status = 'active' AND k.remaining < :threshold"
            + " AND NOT EXISTS (SELECT 1 FROM key_notices n WHERE n.key_id = k.key_id AND n.kind = :kind)"
            + " ORDER BY k.remaining, k.key_id LIMIT :limit")
    List<ApiKeyRow> lowOnUsesUnnoticed(long threshold, String kind, int limit);
}
