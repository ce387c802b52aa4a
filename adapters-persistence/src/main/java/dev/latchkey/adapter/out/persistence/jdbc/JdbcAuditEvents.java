package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditChain;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code audit_events} table. A batch of verification events is written the cheapest way the driver offers:
 * through MariaDB's driver as one JDBC batch, which it sends with the server's bulk protocol (parsed once, about a
 * quarter less work for the server per row than the same rows in a multi-row statement); through the others as
 * multi-row inserts ({@value #ROWS_PER_INSERT} rows a statement), which every supported database takes as one round
 * trip (MySQL's driver would otherwise send a batch a statement at a time).
 *
 * <p>Every row written gets its link of the audit chain (docs/audit-chain.md) in the same transaction: the one row of
 * {@code audit_chain_head} is locked ({@code SELECT ... FOR UPDATE}), which serialises the writers until they commit
 * (a transaction that rolls back gives its sequences back with the lock), the links follow the head, and the head
 * moves to the last one. Retention purges the chain from its start only, and keeps the hash of the last link it purged.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcAuditEvents implements AuditEventStore, AuditChainLinks {

    static final int ROWS_PER_INSERT = 500;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditEvents.class);
    private static final String COLUMNS = "occurred_at, type, success, code, key_id, user_id, actor_key_id, client_ip,"
            + " request_id, detail";
    private static final String CHAINED = COLUMNS + ", chain_seq, chain_hash";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int PARAMETERS_PER_ROW = 12;

    private final StoreSql db;
    private volatile Boolean bulkBatches;

    JdbcAuditEvents(StoreSql db) {
        this.db = db;
    }

    @Override
    @Transactional
    public void append(AuditEvent event) {
        List<AuditChain.Link> links = chain(List.of(event));
        insert(links);
        advanceHead(links.get(0));
    }

    @Override
    @Transactional
    public void appendAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        db.background().allowLongerStatements();
        List<AuditChain.Link> links = chain(events);
        if (driverSendsBulkBatches()) {
            insertAsBatch(links);
        } else {
            for (int from = 0; from < links.size(); from += ROWS_PER_INSERT) {
                insert(links.subList(from, Math.min(links.size(), from + ROWS_PER_INSERT)));
            }
        }
        advanceHead(links.get(links.size() - 1));
    }

    /**
     * The links of {@code events}, after the head, which this transaction now holds locked until it ends; the head
     * moves ({@link #advanceHead}) once they are written.
     */
    private List<AuditChain.Link> chain(List<AuditEvent> events) {
        AuditChain.State state = lockedState();
        long sequence = state.headSequence();
        byte[] previous = AuditChain.unhex(state.headHash());
        List<AuditChain.Link> links = new ArrayList<>(events.size());
        for (AuditEvent event : events) {
            sequence++;
            previous = AuditChain.link(previous, sequence, event);
            links.add(new AuditChain.Link(sequence, 0, event, AuditChain.hex(previous)));
        }
        return links;
    }

    private void advanceHead(AuditChain.Link last) {
        db.jdbc().prepareStatement("UPDATE audit_chain_head SET head_seq = ?, head_hash = ? WHERE id = 1",
                statement -> {
                    statement.setLong(1, last.sequence());
                    statement.setString(2, last.hash());
                    return statement.executeUpdate();
                });
    }

    private AuditChain.State lockedState() {
        return db.jdbc().prepareStatement("SELECT head_seq, head_hash, purged_seq, purged_hash, chained_after_id, purged_at"
                + " FROM audit_chain_head WHERE id = 1 FOR UPDATE", statement -> state(statement));
    }

    private static AuditChain.State state(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("audit_chain_head has no row: the V14 migration did not run");
            }
            return new AuditChain.State(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4),
                    row.getLong(5), RowMapping.fromUtc(row.getObject(6, java.time.LocalDateTime.class)));
        }
    }

    private void insert(List<AuditChain.Link> rows) {
        String sql = "INSERT INTO audit_events (" + CHAINED + ") VALUES "
                + String.join(", ", Collections.nCopies(rows.size(), ROW));
        db.jdbc().prepareStatement(sql, statement -> {
            int parameter = 1;
            for (AuditChain.Link link : rows) {
                bind(statement, parameter, link);
                parameter += PARAMETERS_PER_ROW;
            }
            return statement.executeUpdate();
        });
    }

    private void insertAsBatch(List<AuditChain.Link> links) {
        db.jdbc().prepareStatement("INSERT INTO audit_events (" + CHAINED + ") VALUES " + ROW, statement -> {
            for (AuditChain.Link link : links) {
                bind(statement, 1, link);
                statement.addBatch();
            }
            return statement.executeBatch().length;
        });
    }

    private static void bind(PreparedStatement statement, int first, AuditChain.Link link) throws SQLException {
        AuditEvent event = link.event();
        statement.setObject(first, RowMapping.toUtc(AuditChain.stored(event.at())));
        statement.setString(first + 1, event.type().wireName());
        statement.setBoolean(first + 2, event.success());
        statement.setString(first + 3, event.code());
        statement.setString(first + 4, event.keyId() == null ? null : event.keyId().value());
        statement.setString(first + 5, event.userId() == null ? null : event.userId().value());
        statement.setString(first + 6, event.actorKeyId() == null ? null : event.actorKeyId().value());
        statement.setString(first + 7, event.clientIp());
        statement.setString(first + 8, event.requestId());
        statement.setString(first + 9, event.detail());
        statement.setLong(first + 10, link.sequence());
        statement.setString(first + 11, link.hash());
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

    /**
     * Events written before the chain began go by time; the chain goes from its start only, in sequence, up to the
     * first link not older than {@code before} or a gap (a deletion stays to be found), and the head row keeps the
     * last purged link's hash, from which verification starts. A link a little older than one before it waits for it.
     */
    @Override
    @Transactional
    public int purgeBefore(Instant before, int batch) {
        db.background().allowLongerStatements();
        // the head first, as every writer takes it: the opposite order could deadlock with a writer (gap locks)
        AuditChain.State state = lockedState();
        String delete = db.vendor().deleteAtMost("audit_events", "chain_seq IS NULL AND occurred_at < ?"
                + " AND id <= (SELECT chained_after_id FROM audit_chain_head WHERE id = 1)", batch);
        int unchained = db.jdbc().prepareStatement(delete, statement -> {
            statement.setObject(1, RowMapping.toUtc(before));
            return statement.executeUpdate();
        });
        if (unchained >= batch) {
            return unchained;
        }
        List<AuditChain.Link> oldest = links(state.purgedSequence() + 1, batch - unchained);
        AuditChain.Link last = null;
        for (AuditChain.Link link : oldest) {
            long next = last == null ? state.purgedSequence() + 1 : last.sequence() + 1;
            if (link.sequence() != next) {
                // stuck until it is dealt with: say so, each time (the deletion is verification's to report)
                LOG.warn("audit: retention stops at link {}: links {} to {} are missing; run latchkey audit verify",
                        next, next, link.sequence() - 1);
                break;
            }
            if (!link.event().at().isBefore(before)) {
                break;
            }
            last = link;
        }
        if (last == null) {
            return unchained;
        }
        AuditChain.Link purgedThrough = last;
        int purged = db.jdbc().prepareStatement("DELETE FROM audit_events WHERE chain_seq > ? AND chain_seq <= ?",
                statement -> {
                    statement.setLong(1, state.purgedSequence());
                    statement.setLong(2, purgedThrough.sequence());
                    return statement.executeUpdate();
                });
        db.jdbc().prepareStatement("UPDATE audit_chain_head SET purged_seq = ?, purged_hash = ?, purged_at = ?"
                + " WHERE id = 1", statement -> {
                    statement.setLong(1, purgedThrough.sequence());
                    statement.setString(2, purgedThrough.hash());
                    statement.setObject(3, RowMapping.toUtc(AuditChain.stored(purgedThrough.event().at())));
                    return statement.executeUpdate();
                });
        return unchained + purged;
    }

    @Override
    @Connectable
    public AuditChain.State state() {
        return db.jdbc().prepareStatement("SELECT head_seq, head_hash, purged_seq, purged_hash, chained_after_id, purged_at"
                + " FROM audit_chain_head WHERE id = 1", JdbcAuditEvents::state);
    }

    @Override
    @Connectable
    public List<AuditChain.Link> links(long from, int limit) {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement("SELECT id, " + CHAINED + " FROM audit_events WHERE chain_seq >= ?"
                + " ORDER BY chain_seq LIMIT " + limit, statement -> {
                    statement.setLong(1, from);
                    return RowMapping.readAll(statement, JdbcAuditEvents::link);
                });
    }

    /** A row as a link; one that is no event any more (changed behind the store's back) is an unreadable link. */
    private static AuditChain.Link link(ResultSet rows) throws SQLException {
        long sequence = rows.getLong("chain_seq");
        long id = rows.getLong("id");
        AuditEvent event;
        try {
            event = event(rows);
        } catch (RuntimeException e) {
            throw new AuditChainLinks.UnreadableLink(sequence, id, "event " + id + " at link " + sequence
                    + " is no valid event (" + e.getClass().getSimpleName() + ")");
        }
        return new AuditChain.Link(sequence, id, event, rows.getString("chain_hash"));
    }

    @Override
    @Connectable
    public OptionalLong firstAtOrAfter(Instant at) {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement("SELECT chain_seq FROM audit_events WHERE occurred_at >= ?"
                + " AND chain_seq IS NOT NULL ORDER BY occurred_at, id LIMIT 1", statement -> {
                    statement.setObject(1, RowMapping.toUtc(at));
                    return single(statement);
                });
    }

    @Override
    @Connectable
    public OptionalLong unchainedAfterStart() {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement("SELECT MIN(e.id) FROM audit_events e, audit_chain_head h WHERE h.id = 1"
                + " AND (e.chain_seq <= h.purged_seq OR (e.chain_seq IS NULL AND (e.id > h.chained_after_id"
                + " OR e.occurred_at > h.chained_after_at)))", JdbcAuditEvents::single);
    }

    @Override
    @Connectable
    public long unchainedBeforeStart() {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement("SELECT COUNT(*) FROM audit_events WHERE chain_seq IS NULL"
                + " AND id <= (SELECT chained_after_id FROM audit_chain_head WHERE id = 1)",
                statement -> single(statement).orElse(0));
    }

    private static OptionalLong single(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return OptionalLong.empty();
            }
            long value = row.getLong(1);
            return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }
}
