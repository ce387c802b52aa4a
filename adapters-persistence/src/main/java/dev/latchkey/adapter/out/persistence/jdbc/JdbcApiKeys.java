package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** Keys in the {@code api_keys} table; verification reads a key and its owner's status in one indexed join. */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcApiKeys implements ApiKeys, VerifiableKeys, UsageQuotas {

    /** Keys per last-use statement: a flush of more keys takes one statement per this many. */
    static final int LAST_USES_PER_STATEMENT = 1_000;

    /** Looks for the key holding a quota at most this often per use (more only while rotations race the use). */
    static final int QUOTA_ATTEMPTS = 4;

    private final ApiKeyRowRepository rows;
    private final JdbcKeyChanges changes;
    private final StoreSql db;

    JdbcApiKeys(ApiKeyRowRepository rows, JdbcKeyChanges changes, StoreSql db) {
        this.rows = rows;
        this.changes = changes;
        this.db = db;
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
    public List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked,
                                    Optional<Boolean> honeytoken) {
        boolean anyKind = honeytoken.isEmpty();
        boolean kind = honeytoken.orElse(false);
        List<ApiKeyRow> page = after.isPresent()
                ? rows.listOfOwnerAfter(owner.value(), includeRevoked, anyKind, kind,
                        RowMapping.toUtc(after.get().createdAt()), after.get().id().value(), limit)
                : rows.listFirstOfOwner(owner.value(), includeRevoked, anyKind, kind, limit);
        return page.stream().map(RowMapping::toApiKey).toList();
    }

    /** The update count says whether this call revoked the key: no time is compared after a round trip. */
    @Override
    @Transactional
    public Optional<Revocation> revoke(KeyId id, Instant at) {
        boolean changed = rows.revoke(id.value(), RowMapping.toUtc(at)) > 0; // changes nothing when already revoked
        if (changed) {
            changes.keyChanged(id);
        }
        return findById(id).map(key -> new Revocation(key, changed));
    }

    /**
     * One UPDATE of the columns sent, evaluated on the row as it is when the statement takes its lock: uses taken,
     * a revocation or a rotation committed since the caller read the key stay (a rotated key's expiry only comes
     * forward, as {@link ApiKey#expiryChangedTo} says).
     */
    @Override
    @Transactional
    public Optional<ApiKey> updateDetails(KeyId id, DetailChanges sent) {
        List<String> assignments = new ArrayList<>();
        List<Object[]> parameters = new ArrayList<>(); // {value, SQL type}: a null is bound with its column's type
        sent.name().ifPresent(name -> assign(assignments, parameters, "name = ?", name, Types.VARCHAR));
        sent.scopes().ifPresent(scopes -> assign(assignments, parameters, "scopes = ?",
                String.join(" ", scopes.names()), Types.VARCHAR));
        sent.expiresAt().ifPresent(expiry -> {
            if (expiry.isEmpty()) {
                assignments.add("expires_at = CASE WHEN rotated_to IS NULL THEN NULL ELSE expires_at END");
            } else {
                LocalDateTime at = RowMapping.toUtc(expiry.get());
                assignments.add("expires_at = CASE WHEN rotated_to IS NULL OR expires_at > ? THEN ? ELSE expires_at END");
                parameters.add(new Object[] {at, Types.TIMESTAMP});
                parameters.add(new Object[] {at, Types.TIMESTAMP});
            }
        });
        sent.meta().ifPresent(meta -> assign(assignments, parameters, "meta = ?",
                meta.map(KeyMetadata::json).orElse(null), Types.VARCHAR));
        sent.rateLimit().ifPresent(limit -> {
            assign(assignments, parameters, "rate_limit = ?", limit.map(RateLimit::limit).orElse(null), Types.INTEGER);
            assign(assignments, parameters, "rate_period_seconds = ?",
                    limit.map(RateLimit::periodSeconds).orElse(null), Types.INTEGER);
        });
        sent.remaining().ifPresent(remaining -> assign(assignments, parameters, "remaining = ?",
                remaining.orElse(null), Types.BIGINT));
        sent.allowedCidrs().ifPresent(cidrs -> assign(assignments, parameters, "allowed_cidrs = ?",
                cidrs.map(allowed -> String.join(" ", allowed.texts())).orElse(null), Types.VARCHAR));
        sent.alerts().ifPresent(alerts -> assign(assignments, parameters, "alert_new_network = ?",
                alerts.newNetwork(), Types.BOOLEAN));
        if (assignments.isEmpty()) {
            return findById(id);
        }
        int updated = db.jdbc().prepareStatement("UPDATE api_keys SET " + String.join(", ", assignments)
                + " WHERE key_id = ?", statement -> {
            int index = 1;
            for (Object[] parameter : parameters) {
                if (parameter[0] == null) {
                    statement.setNull(index++, (Integer) parameter[1]);
                } else {
                    statement.setObject(index++, parameter[0]);
                }
            }
            statement.setString(index, id.value());
            return statement.executeUpdate();
        });
        if (updated == 0) {
            return Optional.empty();
        }
        changes.keyChanged(id);
        return findById(id);
    }

    private static void assign(List<String> assignments, List<Object[]> parameters, String assignment, Object value,
                               int sqlType) {
        assignments.add(assignment);
        parameters.add(new Object[] {value, sqlType});
    }

    /**
     * The conditional update decides which of concurrent rotations wins, and locks the old key's row until commit: the
     * replacement takes over the quota with the uses left as they are then (a use taken meanwhile waited for the lock,
     * then finds the key rotated and follows the quota to its new holder). The insert commits with it or not at all.
     */
    @Override
    @Transactional
    public boolean rotate(ApiKey.Rotation rotation) {
        ApiKey retired = rotation.retired();
        if (rows.retire(retired.id().value(), RowMapping.toUtc(retired.expiresAt()), retired.rotatedTo().value()) != 1) {
            return false;
        }
        rows.save(RowMapping.toRow(rotation.replacement().withRemaining(remainingOf(retired.id()))));
        changes.keyChanged(retired.id());
        changes.keyChanged(rotation.replacement().id());
        return true;
    }

    private Long remainingOf(KeyId id) {
        return db.jdbc().prepareStatement("SELECT remaining FROM api_keys WHERE key_id = ?", statement -> {
            statement.setString(1, id.value());
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                long remaining = result.getLong(1);
                return result.wasNull() ? null : remaining;
            }
        });
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
        db.background().allowLongerStatements();
        Map<Instant, List<KeyId>> byTime = lastUses.entrySet().stream().collect(Collectors.groupingBy(
                Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        byTime.forEach((at, ids) -> {
            for (int from = 0; from < ids.size(); from += LAST_USES_PER_STATEMENT) {
                List<KeyId> chunk = ids.subList(from, Math.min(ids.size(), from + LAST_USES_PER_STATEMENT));
                db.jdbc().prepareStatement("UPDATE api_keys SET last_used_at = ? WHERE key_id IN ("
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
     * A conditional decrement of the key holding the quota, then the count it left: in one transaction, so the read
     * sees this use's row, which the decrement holds locked until commit. The first key of a line holds it until it is
     * rotated; then the newest key of the line does (found by the index on {@code limits_key_id}). A rotation that
     * commits while this looks moves the quota on: the decrement then misses and the look is made again, a few times
     * at most; past them the use is refused (never more uses than the quota).
     */
    @Override
    @Transactional
    public OptionalLong takeUse(KeyId limitsKeyId) {
        String holder = limitsKeyId.value();
        for (int attempt = 0; attempt < QUOTA_ATTEMPTS; attempt++) {
            if (rows.takeUse(holder) == 1) {
                String taken = holder;
                return db.jdbc().prepareStatement("SELECT remaining FROM api_keys WHERE key_id = ?", statement -> {
                    statement.setString(1, taken);
                    try (ResultSet result = statement.executeQuery()) {
                        return result.next() ? OptionalLong.of(result.getLong(1)) : OptionalLong.empty();
                    }
                });
            }
            Optional<String> newest = newestHolder(limitsKeyId);
            if (newest.isEmpty()) {
                return OptionalLong.empty(); // none left, no quota, no such key, or the first key was not rotated
            }
            holder = newest.get();
        }
        return OptionalLong.empty();
    }

    /** The newest key of the line of {@code limitsKeyId}, when it was rotated and the newest has uses left. */
    private Optional<String> newestHolder(KeyId limitsKeyId) {
        return db.jdbc().prepareStatement("SELECT key_id FROM api_keys WHERE limits_key_id = ? AND rotated_to IS NULL"
                + " AND remaining > 0", statement -> {
                    statement.setString(1, limitsKeyId.value());
                    try (ResultSet result = statement.executeQuery()) {
                        return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
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
