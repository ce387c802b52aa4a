package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.verification.HoneytokenPresentation;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/**
 * The {@code honeytoken_presentations} table and the keys' totals ({@code api_keys.honeytoken_presentations}). The
 * first of a key, address and minute is told by an insert that skips an existing row ({@code INSERT IGNORE} on the
 * MySQL family and the embedded H2, {@code ON CONFLICT DO NOTHING} on PostgreSQL): of nodes inserting the same row at
 * once, the others wait for the first one's commit and then insert nothing, so exactly one writer creates it. A
 * writer that created nothing adds to the row. Addresses are cut to {@value AuditEvent#MAX_TEXT} characters as in the
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
        String insert = switch (db.vendor()) {
            case MYSQL -> "INSERT IGNORE INTO honeytoken_presentations"
                    + " (key_id, minute_start, client_ip, presentations, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?)";
            case POSTGRESQL -> "INSERT INTO honeytoken_presentations"
                    + " (key_id, minute_start, client_ip, presentations, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (key_id, minute_start, client_ip) DO NOTHING";
        };
        boolean created = db.jdbc().prepareStatement(insert, statement -> {
            statement.setString(1, keyId);
            statement.setObject(2, RowMapping.toUtc(presented.minute()));
            statement.setString(3, clientIp);
            statement.setLong(4, presented.count());
            statement.setObject(5, RowMapping.toUtc(presented.firstAt()));
            statement.setObject(6, RowMapping.toUtc(presented.lastAt()));
            return statement.executeUpdate();
        }) == 1;
        if (!created) {
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
        db.jdbc().prepareStatement("UPDATE api_keys SET honeytoken_presentations = honeytoken_presentations + ?"
                + " WHERE key_id = ?", statement -> {
                    statement.setLong(1, presented.count());
                    statement.setString(2, keyId);
                    return statement.executeUpdate();
                });
        return created;
    }
}
