package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code key_usage} table: counts are added with an upsert ({@code INSERT ... ON DUPLICATE KEY UPDATE} on the
 * MySQL family, {@code ON CONFLICT ... DO UPDATE} on PostgreSQL), so that flushes of several nodes into one bucket add
 * up; {@value #ROWS_PER_INSERT} buckets a statement, in primary-key order.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcKeyUsage implements UsageStore {

    static final int ROWS_PER_INSERT = 500;
    /** The order of {@code pk_key_usage} (key ids and codes are ASCII under a binary collation). */
    private static final Comparator<BucketKey> PRIMARY_KEY_ORDER = Comparator
            .comparing((BucketKey key) -> key.keyId().value())
            .thenComparing(key -> code(key.granularity()))
            .thenComparing(BucketKey::start);

    private final StoreSql db;

    JdbcKeyUsage(StoreSql db) {
        this.db = db;
    }

    @Override
    @Transactional
    public void addAll(Map<BucketKey, Counts> counts) {
        db.background().allowLongerStatements();
        List<Map.Entry<BucketKey, Counts>> rows = new ArrayList<>(counts.entrySet());
        // in primary-key order: nodes flushing the same buckets at once then lock them in the same order, and wait
        // for each other instead of deadlocking
        rows.sort(Map.Entry.comparingByKey(PRIMARY_KEY_ORDER));
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Map.Entry<BucketKey, Counts>> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            db.jdbc().prepareStatement("INSERT INTO key_usage (key_id, granularity, bucket_start, valid_count,"
                    + " rejected_count) VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?)"))
                    + addingToExistingCounts(), statement -> {
                int parameter = 1;
                for (Map.Entry<BucketKey, Counts> row : chunk) {
                    statement.setString(parameter++, row.getKey().keyId().value());
                    statement.setString(parameter++, code(row.getKey().granularity()));
                    statement.setObject(parameter++, RowMapping.toUtc(row.getKey().start()));
                    statement.setLong(parameter++, row.getValue().valid());
                    statement.setLong(parameter++, row.getValue().rejected());
                }
                return statement.executeUpdate();
            });
        }
    }

    @Override
    @Connectable
    public List<UsageBucket> find(KeyId id, Instant from, Instant to, Granularity granularity) {
        return db.jdbc().prepareStatement("SELECT bucket_start, valid_count, rejected_count FROM key_usage"
                + " WHERE key_id = ? AND granularity = ? AND bucket_start >= ? AND bucket_start < ?"
                + " ORDER BY bucket_start", (PreparedStatement statement) -> {
            statement.setString(1, id.value());
            statement.setString(2, code(granularity));
            statement.setObject(3, RowMapping.toUtc(from));
            statement.setObject(4, RowMapping.toUtc(to));
            return RowMapping.readAll(statement, rows -> new UsageBucket(
                    RowMapping.fromUtc(rows.getObject(1, LocalDateTime.class)), rows.getLong(2), rows.getLong(3)));
        });
    }

    @Override
    @Connectable
    public int purgeBefore(Granularity granularity, Instant before, int batch) {
        db.background().allowLongerStatements();
        String delete = db.vendor().deleteAtMost("key_usage", "granularity = ? AND bucket_start < ?", batch);
        return db.jdbc().prepareStatement(delete, statement -> {
            statement.setString(1, code(granularity));
            statement.setObject(2, RowMapping.toUtc(before));
            return statement.executeUpdate();
        });
    }

    /** The tail of the upsert: a bucket already stored gets the counts added to its own. */
    private String addingToExistingCounts() {
        return switch (db.vendor()) {
            case MYSQL -> " ON DUPLICATE KEY UPDATE valid_count = valid_count + VALUES(valid_count),"
                    + " rejected_count = rejected_count + VALUES(rejected_count)";
            case POSTGRESQL -> " ON CONFLICT (key_id, granularity, bucket_start) DO UPDATE"
                    + " SET valid_count = key_usage.valid_count + EXCLUDED.valid_count,"
                    + " rejected_count = key_usage.rejected_count + EXCLUDED.rejected_count";
        };
    }

    private static String code(Granularity granularity) {
        return switch (granularity) {
            case MINUTE -> "m";
            case HOUR -> "h";
            case DAY -> "d";
        };
    }
}
