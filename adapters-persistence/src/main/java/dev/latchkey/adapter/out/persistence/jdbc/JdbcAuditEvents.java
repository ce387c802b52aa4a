package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.user.UserId;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code audit_events} table. A batch of verification events is written the cheapest way the driver offers:
 * through MariaDB's driver as one JDBC batch, which it sends with the server's bulk protocol (parsed once, about a
 * quarter less work for the server per row than the same rows in a multi-row statement); through the others as
 * multi-row inserts ({@value #ROWS_PER_INSERT} rows a statement), which every supported database takes as one round
 * trip (MySQL's driver would otherwise send a batch a statement at a time).
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcAuditEvents implements AuditEventStore {

    static final int ROWS_PER_INSERT = 500;
    private static final String COLUMNS = "occurred_at, type, success, code, key_id, user_id, actor_key_id, client_ip,"
            + " request_id, detail";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int PARAMETERS_PER_ROW = 10;

    private final StoreSql db;
    private volatile Boolean bulkBatches;

    JdbcAuditEvents(StoreSql db) {
        this.db = db;
    }

    @Override
    @Transactional
    public void append(AuditEvent event) {
        insert(List.of(event));
    }

    @Override
    @Transactional
    public void appendAll(List<AuditEvent> events) {
        db.background().allowLongerStatements();
        if (driverSendsBulkBatches()) {
            insertAsBatch(events);
            return;
        }
        for (int from = 0; from < events.size(); from += ROWS_PER_INSERT) {
            insert(events.subList(from, Math.min(events.size(), from + ROWS_PER_INSERT)));
        }
    }

    private void insert(List<AuditEvent> rows) {
        String sql = "INSERT INTO audit_events (" + COLUMNS + ") VALUES "
                + String.join(", ", Collections.nCopies(rows.size(), ROW));
        db.jdbc().prepareStatement(sql, statement -> {
            int parameter = 1;
            for (AuditEvent event : rows) {
                bind(statement, parameter, event);
                parameter += PARAMETERS_PER_ROW;
            }
            return statement.executeUpdate();
        });
    }

    private void insertAsBatch(List<AuditEvent> events) {
        db.jdbc().prepareStatement("INSERT INTO audit_events (" + COLUMNS + ") VALUES " + ROW, statement -> {
            for (AuditEvent event : events) {
                bind(statement, 1, event);
                statement.addBatch();
            }
            return statement.executeBatch().length;
        });
    }

    private static void bind(PreparedStatement statement, int first, AuditEvent event) throws SQLException {
        statement.setObject(first, RowMapping.toUtc(event.at()));
        statement.setString(first + 1, event.type().wireName());
        statement.setBoolean(first + 2, event.success());
        statement.setString(first + 3, event.code());
        statement.setString(first + 4, event.keyId() == null ? null : event.keyId().value());
        statement.setString(first + 5, event.userId() == null ? null : event.userId().value());
        statement.setString(first + 6, event.actorKeyId() == null ? null : event.actorKeyId().value());
        statement.setString(first + 7, event.clientIp());
        statement.setString(first + 8, event.requestId());
        statement.setString(first + 9, event.detail());
    }

    /** Whether the connection's driver is MariaDB's, asked once (every connection of the pool has the same). */
    private boolean driverSendsBulkBatches() {
        Boolean known = bulkBatches;
        if (known == null) {
            known = db.jdbc().execute(connection -> connection.getMetaData().getDriverName()
                    .toLowerCase(Locale.ROOT).contains("mariadb"));
            bulkBatches = known;
        }
        return known;
    }

    /**
     * One indexed range scan: the most selective filter present leads (key, then user, then type, then time alone),
     * read backwards from the cursor.
     */
    @Override
    @Connectable
    public List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit) {
        db.background().allowLongerStatements(); // a search: a rare filter may read far back
        AuditConditions matching = new AuditConditions(filter, after, "occurred_at", 0);
        filter.type().ifPresent(type -> matching.and("type = ?", type.wireName()));
        String sql = "SELECT id, " + COLUMNS + " FROM audit_events WHERE " + matching.sql()
                + " ORDER BY occurred_at DESC, id DESC LIMIT " + limit;
        return db.jdbc().prepareStatement(sql, (PreparedStatement statement) -> {
            RowMapping.setAll(statement, matching.parameters());
            return RowMapping.readAll(statement, JdbcAuditEvents::event);
        });
    }

    private static AuditEvent event(ResultSet rows) throws SQLException {
        String keyId = rows.getString("key_id");
        String userId = rows.getString("user_id");
        String actor = rows.getString("actor_key_id");
        return new AuditEvent(rows.getLong("id"),
                RowMapping.fromUtc(rows.getObject("occurred_at", java.time.LocalDateTime.class)),
                AuditEventType.fromWireName(rows.getString("type")).orElseThrow(), rows.getBoolean("success"),
                rows.getString("code"), keyId == null ? null : new KeyId(keyId),
                userId == null ? null : new UserId(userId), actor == null ? null : new KeyId(actor),
                rows.getString("client_ip"), rows.getString("request_id"), rows.getString("detail"));
    }

    @Override
    @Connectable
    public int purgeBefore(Instant before, int batch) {
        db.background().allowLongerStatements();
        String delete = db.vendor().deleteAtMost("audit_events", "occurred_at < ?", batch);
        return db.jdbc().prepareStatement(delete, statement -> {
            statement.setObject(1, RowMapping.toUtc(before));
            return statement.executeUpdate();
        });
    }
}
