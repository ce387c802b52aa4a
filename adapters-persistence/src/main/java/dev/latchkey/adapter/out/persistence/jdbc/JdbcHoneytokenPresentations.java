package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.verification.HoneytokenPresentation;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * The {@code honeytoken_presentations} table and the keys' totals ({@code api_keys.honeytoken_presentations}). The
 * first of a key, address and minute is told by the insert: on the MySQL family and the embedded H2 one upsert
 * ({@code INSERT ... ON DUPLICATE KEY UPDATE}) that reports 1 row for an insert and 2 for an addition; on PostgreSQL an
 * insert that skips an existing row ({@code ON CONFLICT DO NOTHING}), then an addition when it skipped. Of nodes
 * writing the same row at once, the others wait for the first one's commit and then add to it, so exactly one writer
 * creates it. (An {@code INSERT IGNORE} then {@code UPDATE} would let InnoDB's waiters hold shared locks they then
 * both upgrade: a deadlock among nodes.) Addresses are cut to {@value AuditEvent#MAX_TEXT} characters as in the
 * audit trail.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcHoneytokenPresentations implements HoneytokenPresentations {

    private final StoreSql db;

    JdbcHoneytokenPresentations(StoreSql db) {
        this.db = db;
    }

    @Override
    @Transactional
    public boolean add(HoneytokenPresentation presented) {
        String keyId = presented.keyId().value();
        String clientIp = presented.clientIp().length() <= AuditEvent.MAX_TEXT ? presented.clientIp()
                : presented.clientIp().substring(0, AuditEvent.MAX_TEXT);
        boolean created = switch (db.vendor()) {
            // one upsert: 1 row affected when it inserted, 2 when it added to a row (whose count always changes)
            case MYSQL -> insert(presented, keyId, clientIp, " ON DUPLICATE KEY UPDATE"
                    + " presentations = presentations + VALUES(presentations),"
                    + " first_at = LEAST(first_at, VALUES(first_at)), last_at = GREATEST(last_at, VALUES(last_at))")
                    == 1;
            case POSTGRESQL -> {
                boolean inserted = insert(presented, keyId, clientIp,
                        " ON CONFLICT (key_id, minute_start, client_ip) DO NOTHING") == 1;
                if (!inserted) {
                    addToRow(presented, keyId, clientIp);
                }
                yield inserted;
            }
        };
        db.jdbc().prepareStatement("UPDATE api_keys SET honeytoken_presentations = honeytoken_presentations + ?"
                + " WHERE key_id = ?", statement -> {
                    statement.setLong(1, presented.count());
                    statement.setString(2, keyId);
                    return statement.executeUpdate();
                });
        return created;
    }

    @Override
    @Transactional
    public int purgeBefore(Instant before, int batch) {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement(db.vendor().deleteAtMost("honeytoken_presentations", "minute_start < ?",
                batch), statement -> {
                    statement.setObject(1, RowMapping.toUtc(before));
                    return statement.executeUpdate();
                });
    }

    private int insert(HoneytokenPresentation presented, String keyId, String clientIp, String onExisting) {
        return db.jdbc().prepareStatement("INSERT INTO honeytoken_presentations"
                + " (key_id, minute_start, client_ip, presentations, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?)"
                + onExisting, statement -> {
                    statement.setString(1, keyId);
                    statement.setObject(2, RowMapping.toUtc(presented.minute()));
                    statement.setString(3, clientIp);
                    statement.setLong(4, presented.count());
                    statement.setObject(5, RowMapping.toUtc(presented.firstAt()));
                    statement.setObject(6, RowMapping.toUtc(presented.lastAt()));
                    return statement.executeUpdate();
                });
    }

    private void addToRow(HoneytokenPresentation presented, String keyId, String clientIp) {
        db.jdbc().prepareStatement("UPDATE honeytoken_presentations SET presentations = presentations + ?,"
                + " first_at = LEAST(first_at, ?), last_at = GREATEST(last_at, ?)"
                + " WHERE key_id = ? AND minute_start = ? AND client_ip = ?", statement -> {
                    statement.setLong(1, presented.count());
                    statement.setObject(2, RowMapping.toUtc(presented.firstAt()));
                    statement.setObject(3, RowMapping.toUtc(presented.lastAt()));
                    statement.setString(4, keyId);
                    statement.setObject(5, RowMapping.toUtc(presented.minute()));
                    statement.setString(6, clientIp);
                    return statement.executeUpdate();
                });
    }
}
