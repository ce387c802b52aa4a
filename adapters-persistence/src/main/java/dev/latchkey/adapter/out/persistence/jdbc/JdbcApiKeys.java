package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.UsageQuotas;
import dev.latchkey.application.port.out.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.OptionalLong;

/** Keys in the {@code api_keys} table; verification reads a key and its owner's status in one indexed join. */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcApiKeys implements ApiKeys, VerifiableKeys, UsageQuotas {

    /** Keys per last-use statement: a flush of more keys takes one statement per this many. */
    static final int LAST_USES_PER_STATEMENT = 1_000;

    private final ApiKeyRowRepository rows;
    private final JdbcKeyChanges changes;
    private final JdbcOperations jdbc;

    JdbcApiKeys(ApiKeyRowRepository rows, JdbcKeyChanges changes, JdbcOperations jdbc) {
        this.rows = rows;
        this.changes = changes;
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public void add(ApiKey key) {
        rows.save(RowMapping.toRow(key));
        changes.keyChanged(key.id());
    }

    @Override
    public Optional<ApiKey> findById(KeyId id) {
        return rows.findById(id.value()).map(RowMapping::toApiKey);
    }

    @Override
    public Map<KeyId, ApiKey> findByIds(Collection<KeyId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return rows.findByKeyIdIn(ids.stream().map(KeyId::value).distinct().toList()).stream()
                .map(RowMapping::toApiKey).collect(Collectors.toMap(ApiKey::id, key -> key));
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
    @Transactional
    public Optional<ApiKey> revoke(KeyId id, Instant at) {
        if (rows.revoke(id.value(), RowMapping.toUtc(at)) > 0) { // changes nothing when already revoked
            changes.keyChanged(id);
        }
        return findById(id);
    }

    @Override
    @Transactional
    public void updateDetails(ApiKey key) {
        rows.updateDetails(key.id().value(), key.name(), RowMapping.scopesOf(key), RowMapping.toUtc(key.expiresAt()),
                key.meta() == null ? null : key.meta().json(),
                key.rateLimit() == null ? null : key.rateLimit().limit(),
                key.rateLimit() == null ? null : key.rateLimit().periodSeconds(), key.remaining(),
                RowMapping.allowedCidrsOf(key));
        changes.keyChanged(key.id());
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
        changes.keyChanged(retired.id());
        changes.keyChanged(rotation.replacement().id());
        return true;
    }

    /**
     * One statement per distinct time and {@value #LAST_USES_PER_STATEMENT} keys (write-behind flushes one second's
     * uses at a time, so one statement per flush); a later time already stored is kept. Each statement commits on its
     * own: holding one statement's rows while the next waits for another node's would deadlock nodes flushing the same
     * keys at different times, and nothing needs the statements together (a retried flush writes the same times, and a
     * later time already stored is kept).
     */
    @Override
    @Connectable
    public void recordUses(Map<KeyId, Instant> lastUses) {
        BackgroundStatements.allowLongerReads(jdbc);
        Map<Instant, List<KeyId>> byTime = lastUses.entrySet().stream().collect(Collectors.groupingBy(
                Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        byTime.forEach((at, ids) -> {
            for (int from = 0; from < ids.size(); from += LAST_USES_PER_STATEMENT) {
                List<KeyId> chunk = ids.subList(from, Math.min(ids.size(), from + LAST_USES_PER_STATEMENT));
                jdbc.prepareStatement("UPDATE api_keys SET last_used_at = ? WHERE key_id IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                        + ") AND (last_used_at IS NULL OR last_used_at < ?)", statement -> {
                    LocalDateTime time = RowMapping.toUtc(at);
                    statement.setObject(1, time);
                    int parameter = 2;
                    for (KeyId id : chunk) {
                        statement.setString(parameter++, id.value());
                    }
                    statement.setObject(parameter, time);
                    return statement.executeUpdate();
                });
            }
        });
    }

    /**
     * A conditional decrement, then the count it left: in one transaction, so the read sees this use's row, which
     * the decrement holds locked until commit.
     */
    @Override
    @Transactional
    public OptionalLong takeUse(KeyId id) {
        if (rows.takeUse(id.value()) != 1) {
            return OptionalLong.empty();
        }
        return jdbc.prepareStatement("SELECT remaining FROM api_keys WHERE key_id = ?", statement -> {
            statement.setString(1, id.value());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? OptionalLong.of(result.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    @Override
    public Optional<VerifiableKey> findForVerification(KeyId id) {
        return rows.findVerifiable(id.value()).map(JdbcApiKeys::verifiable);
    }

    static VerifiableKey verifiable(VerifiableKeyRow row) {
        return VerifiableKey.of(RowMapping.toApiKey(row.key()), UserStatus.fromWireName(row.ownerStatus()));
    }
}
