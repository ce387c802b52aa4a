package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Keys in the {@code api_keys} table; verification reads a key and its owner's status in one indexed join. */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcApiKeys implements ApiKeys, VerifiableKeys {

    private final ApiKeyRowRepository rows;

    JdbcApiKeys(ApiKeyRowRepository rows) {
        this.rows = rows;
    }

    @Override
    public void add(ApiKey key) {
        rows.save(RowMapping.toRow(key));
    }

    @Override
    public Optional<ApiKey> findById(KeyId id) {
        return rows.findById(id.value()).map(RowMapping::toApiKey);
    }

    @Override
    public List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked) {
        List<ApiKeyRow> page = after.isPresent()
                ? rows.listOfOwnerAfter(owner.value(), includeRevoked, RowMapping.toUtc(after.get().createdAt()),
                        after.get().id().value(), limit)
                : rows.listFirstOfOwner(owner.value(), includeRevoked, limit);
        return page.stream().map(RowMapping::toApiKey).toList();
    }

    @Override
    public Optional<ApiKey> revoke(KeyId id, Instant at) {
        rows.revoke(id.value(), RowMapping.toUtc(at)); // changes nothing when already revoked
        return findById(id);
    }

    @Override
    public void updateDetails(ApiKey key) {
        rows.updateDetails(key.id().value(), key.name(), RowMapping.scopesOf(key), RowMapping.toUtc(key.expiresAt()),
                key.meta() == null ? null : key.meta().json());
    }

    /** The conditional update decides which of concurrent rotations wins; the insert commits with it or not at all. */
    @Override
    @Transactional
    public boolean rotate(ApiKey.Rotation rotation) {
        ApiKey retired = rotation.retired();
        if (rows.retire(retired.id().value(), RowMapping.toUtc(retired.expiresAt()), retired.rotatedTo().value()) != 1) {
            return false;
        }
        rows.save(RowMapping.toRow(rotation.replacement()));
        return true;
    }

    @Override
    public void recordUse(KeyId id, Instant at) {
        rows.recordUse(id.value(), RowMapping.toUtc(at));
    }

    @Override
    public Optional<VerifiableKey> findForVerification(KeyId id) {
        return rows.findVerifiable(id.value()).map(row -> new VerifiableKey(RowMapping.toApiKey(row.key()),
                UserStatus.fromWireName(row.ownerStatus())));
    }
}
