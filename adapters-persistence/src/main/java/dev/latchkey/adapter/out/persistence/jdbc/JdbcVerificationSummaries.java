package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code verification_summaries} table: deltas are added with an upsert ({@code INSERT ... ON DUPLICATE KEY
 * UPDATE} on the MySQL family and the embedded H2, {@code ON CONFLICT ... DO UPDATE} on PostgreSQL): the count is
 * added, the first time kept as the least, the last as the greatest, so that flushes of several nodes into one row add
 * up. {@value #ROWS_PER_INSERT} rows a statement, in the unique key's order (nodes flushing the same rows at once lock
 * them in the same order, and wait for each other instead of deadlocking). A key that did not parse and a client
 * address not known are stored as {@code ''} (the unique key needs a value).
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcVerificationSummaries implements VerificationSummaryStore {

    static final int ROWS_PER_INSERT = 500;
    private static final String NONE = "";
    private static final String COLUMNS = "minute_start, key_id, client_ip, outcome, user_id, verifications,"
            + " first_at, last_at";
    private static final Comparator<Key> UNIQUE_KEY_ORDER = Comparator.<Key, String>comparing(
                    key -> stored(key.keyId()))
            .thenComparing(Key::minute)
            .thenComparing(key -> stored(key.clientIp()))
            .thenComparing(Key::outcome);

    private final StoreSql db;

    JdbcVerificationSummaries(StoreSql db) {
        this.db = db;
    }

    @Override
    @Transactional
    public void addAll(Map<Key, Delta> deltas) {
        db.background().allowLongerStatements();
        Map<Key, Delta> cut = new HashMap<>();
        deltas.forEach((key, delta) -> cut.merge(new Key(key.minute(), key.keyId(), cutText(key.clientIp()),
                key.outcome()), delta, Delta::plus));
        List<Map.Entry<Key, Delta>> rows = new ArrayList<>(cut.entrySet());
        rows.sort(Map.Entry.comparingByKey(UNIQUE_KEY_ORDER));
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Map.Entry<Key, Delta>> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            db.jdbc().prepareStatement("INSERT INTO verification_summaries (" + COLUMNS + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?)"))
                    + addingToExistingRows(), statement -> {
                int parameter = 1;
                for (Map.Entry<Key, Delta> row : chunk) {
                    Key key = row.getKey();
                    Delta delta = row.getValue();
                    statement.setObject(parameter++, RowMapping.toUtc(key.minute()));
                    statement.setString(parameter++, stored(key.keyId()));
                    statement.setString(parameter++, stored(key.clientIp()));
                    statement.setString(parameter++, key.outcome());
                    statement.setString(parameter++, delta.userId() == null ? null : delta.userId().value());
                    statement.setLong(parameter++, delta.count());
                    statement.setObject(parameter++, RowMapping.toUtc(delta.firstAt()));
                    statement.setObject(parameter++, RowMapping.toUtc(delta.lastAt()));
                }
                return statement.executeUpdate();
            });
        }
    }

    /** The tail of the upsert: a row already stored gets the count added and its times widened. */
    private String addingToExistingRows() {
        return switch (db.vendor()) {
            case MYSQL -> " ON DUPLICATE KEY UPDATE verifications = verifications + VALUES(verifications),"
                    + " first_at = LEAST(first_at, VALUES(first_at)), last_at = GREATEST(last_at, VALUES(last_at)),"
                    + " user_id = COALESCE(user_id, VALUES(user_id))";
            case POSTGRESQL -> " ON CONFLICT (key_id, minute_start, client_ip, outcome) DO UPDATE"
                    + " SET verifications = verification_summaries.verifications + EXCLUDED.verifications,"
                    + " first_at = LEAST(verification_summaries.first_at, EXCLUDED.first_at),"
                    + " last_at = GREATEST(verification_summaries.last_at, EXCLUDED.last_at),"
                    + " user_id = COALESCE(verification_summaries.user_id, EXCLUDED.user_id)";
        };
    }

    /**
     * One indexed range scan, read backwards from the cursor: by time, through {@code (minute_start, id)} (a user
     * filter reads it too: only valid keys' summaries have a user); by key, through the unique key
     * {@code (key_id, minute_start, client_ip, outcome)}, which is not in id order within a minute: the rows are then
     * sorted, but only those of the newest {@code limit} minutes that have a matching row (at least {@code limit}
     * rows, so the page is among them), not the key's whole history.
     */
    @Override
    @Connectable
    public List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit) {
        if (VerificationSummaryStore.findsNone(filter)) {
            return List.of();
        }
        db.background().allowLongerStatements(); // a search: a rare filter may read far back
        AuditConditions conditions = new AuditConditions(filter, after, "minute_start", ID_BASE);
        filter.type().ifPresent(type -> conditions.and(
                type == AuditEventType.KEY_VERIFIED ? "outcome = ?" : "outcome <> ?", VerificationEvent.VALID));
        String matching = conditions.sql();
        List<Object> parameters = new ArrayList<>(conditions.parameters());
        StringBuilder sql = new StringBuilder("SELECT id, " + COLUMNS + " FROM verification_summaries WHERE ")
                .append(matching);
        if (filter.keyId().isPresent()) {
            sql.append(" AND minute_start >= (SELECT MIN(minute_start) FROM (SELECT minute_start")
                    .append(" FROM verification_summaries WHERE ").append(matching)
                    .append(" GROUP BY minute_start ORDER BY minute_start DESC LIMIT ").append(limit)
                    .append(") newest_minutes)");
            parameters.addAll(List.copyOf(parameters));
        }
        sql.append(" ORDER BY minute_start DESC, id DESC LIMIT ").append(limit);
        return db.jdbc().prepareStatement(sql.toString(), (PreparedStatement statement) -> {
            RowMapping.setAll(statement, parameters);
            return RowMapping.readAll(statement, JdbcVerificationSummaries::summary);
        });
    }

    private static AuditEvent summary(ResultSet rows) throws SQLException {
        String keyId = rows.getString("key_id");
        String clientIp = rows.getString("client_ip");
        String userId = rows.getString("user_id");
        return AuditEvent.summary(ID_BASE + rows.getLong("id"),
                RowMapping.fromUtc(rows.getObject("minute_start", LocalDateTime.class)), rows.getString("outcome"),
                keyId.isEmpty() ? null : new KeyId(keyId), userId == null ? null : new UserId(userId),
                clientIp.isEmpty() ? null : clientIp, rows.getLong("verifications"),
                RowMapping.fromUtc(rows.getObject("first_at", LocalDateTime.class)),
                RowMapping.fromUtc(rows.getObject("last_at", LocalDateTime.class)));
    }

    @Override
    @Connectable
    public int purgeBefore(Instant before, int batch) {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement(db.vendor().deleteAtMost("verification_summaries", "minute_start < ?", batch),
                statement -> {
                    statement.setObject(1, RowMapping.toUtc(before));
                    return statement.executeUpdate();
                });
    }

    private static String stored(KeyId keyId) {
        return keyId == null ? NONE : keyId.value();
    }

    private static String stored(String clientIp) {
        return clientIp == null ? NONE : clientIp;
    }

    private static String cutText(String text) {
        return text == null || text.length() <= AuditEvent.MAX_TEXT ? text : text.substring(0, AuditEvent.MAX_TEXT);
    }
}
