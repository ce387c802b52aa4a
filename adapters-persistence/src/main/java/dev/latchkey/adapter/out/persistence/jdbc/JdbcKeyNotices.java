package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/**
 * The scheduler's notices in {@code key_notices}. The expiry scans are range reads of the {@code api_keys} index on
 * {@code expires_at}; the uses-left scan reads the table (once per scan interval, on one node), since an index on
 * {@code remaining} would be written by every use of a key with a quota and deadlock concurrent uses of one key.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcKeyNotices implements KeyNotices {

    private final ApiKeyRowRepository rows;
    private final StoreSql db;

    JdbcKeyNotices(ApiKeyRowRepository rows, StoreSql db) {
        this.rows = rows;
        this.db = db;
    }

    @Override
    @Connectable
    public List<ApiKey> expiringUnnoticed(Instant after, Instant until, String kind, int limit) {
        db.background().allowLongerStatements();
        return rows.expiringUnnoticed(RowMapping.toUtc(after), RowMapping.toUtc(until), kind, limit).stream()
                .map(RowMapping::toApiKey).toList();
    }

    @Override
    @Connectable
    public List<ApiKey> lowOnUsesUnnoticed(long threshold, String kind, int limit) {
        db.background().allowLongerStatements();
        return rows.lowOnUsesUnnoticed(threshold, kind, limit).stream().map(RowMapping::toApiKey).toList();
    }

    @Override
    @Connectable
    public int rearmTopUps(long threshold, String kind) {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement("DELETE FROM key_notices WHERE kind = ? AND NOT EXISTS"
                + " (SELECT 1 FROM api_keys k WHERE k.key_id = key_notices.key_id AND k.remaining < ?)", statement -> {
                    statement.setString(1, kind);
                    statement.setLong(2, threshold);
                    return statement.executeUpdate();
                });
    }

    /** Delete, then insert, in the caller's transaction: one statement that every vendor writes the same way. */
    @Override
    @Transactional
    public void note(KeyId key, String kind, Instant expiresAt, Instant at) {
        db.jdbc().prepareStatement("DELETE FROM key_notices WHERE key_id = ? AND kind = ?", statement -> {
            statement.setString(1, key.value());
            statement.setString(2, kind);
            return statement.executeUpdate();
        });
        db.jdbc().prepareStatement("INSERT INTO key_notices (key_id, kind, expires_at, noticed_at) VALUES (?, ?, ?, ?)",
                statement -> {
                    statement.setString(1, key.value());
                    statement.setString(2, kind);
                    statement.setObject(3, RowMapping.toUtc(expiresAt));
                    statement.setObject(4, RowMapping.toUtc(at));
                    return statement.executeUpdate();
                });
    }
}
