package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.KeyChangeFeed;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code key_changes} table: the JDBC adapter records a row in the same transaction as every change that can
 * alter a verification outcome, and every node's cache reads the rows after the last id it saw.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcKeyChanges implements KeyChangeFeed {

    private static final int KEY_ID_FETCH_SIZE = 10_000;
    static final int PRUNE_BATCH = 5_000;

    private final StoreSql db;
    private final ApiKeyRowRepository keys;
    private final Clock clock;

    JdbcKeyChanges(StoreSql db, ApiKeyRowRepository keys, Optional<Clock> clock) {
        this.db = db;
        this.keys = keys;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /** Records, in the caller's transaction, that key {@code id} changed (issued, revoked, rotated, updated). */
    void keyChanged(KeyId id) {
        insert(id.value(), null);
    }

    /** Records, in the caller's transaction, that the owner {@code id} changed (status, deletion). */
    void ownerChanged(UserId id) {
        insert(null, id.value());
    }

    private void insert(String keyId, String userId) {
        db.jdbc().prepareStatement("INSERT INTO key_changes (key_id, user_id, changed_at) VALUES (?, ?, ?)",
                statement -> {
                    statement.setString(1, keyId);
                    statement.setString(2, userId);
                    statement.setObject(3, RowMapping.toUtc(clock.instant()));
                    return statement.executeUpdate();
                });
    }

    @Override
    @Connectable
    public List<Change> after(long after, int limit) {
        return db.jdbc().prepareStatement(
                "SELECT id, key_id, user_id FROM key_changes WHERE id > ? ORDER BY id LIMIT ?",
                statement -> {
                    statement.setLong(1, after);
                    statement.setInt(2, limit);
                    return RowMapping.readAll(statement, rows -> {
                        String keyId = rows.getString(2);
                        String userId = rows.getString(3);
                        return new Change(rows.getLong(1), keyId == null ? null : new KeyId(keyId),
                                userId == null ? null : new UserId(userId));
                    });
                });
    }

    /**
     * Deletes in batches of {@value #PRUNE_BATCH} rows, each a statement of its own: a backlog of changes is pruned
     * without one long statement that would hold locks, or outlast the store timeout that reads have.
     */
    @Override
    @Connectable
    public int pruneBefore(Instant before) {
        db.background().allowLongerStatements();
        int pruned = 0;
        int batch;
        do {
            batch = db.jdbc().prepareStatement(db.vendor().deleteAtMost("key_changes", "changed_at < ?", PRUNE_BATCH),
                    statement -> {
                        statement.setObject(1, RowMapping.toUtc(before));
                        return statement.executeUpdate();
                    });
            pruned += batch;
        } while (batch == PRUNE_BATCH);
        return pruned;
    }

    @Override
    @Connectable
    public void forEachKeyId(Consumer<KeyId> action) {
        db.background().allowLongerStatements();
        db.jdbc().prepareStatement("SELECT key_id FROM api_keys", (PreparedStatement statement) -> {
            statement.setFetchSize(KEY_ID_FETCH_SIZE);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    action.accept(new KeyId(rows.getString(1)));
                }
            }
            return null;
        });
    }

    @Override
    @Connectable
    public void forEachRecentlyUsed(int limit, Consumer<VerifiableKey> action) {
        db.background().allowLongerStatements();
        keys.findRecentlyUsed(limit).forEach(row -> action.accept(JdbcApiKeys.verifiable(row)));
    }
}
