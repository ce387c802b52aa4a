package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditChain;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.audit.SummaryChain;
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
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code verification_summaries} table: deltas are added with an upsert ({@code INSERT ... ON DUPLICATE KEY
 * UPDATE} on the MySQL family and the embedded H2, {@code ON CONFLICT ... DO UPDATE} on PostgreSQL): the count is
 * added, the first time kept as the least, the last as the greatest, so that flushes of several nodes into one row add
 * up. {@value #ROWS_PER_INSERT} rows a statement, in the unique key's order (nodes flushing the same rows at once lock
 * them in the same order, and wait for each other instead of deadlocking). A key that did not parse and a client
 * address not known are stored as {@code ''} (the unique key needs a value).
 *
 * <p>The summaries' chain (docs/audit-chain.md): {@link #seal} appends one link per minute that ended, under the lock
 * of the one row of {@code verification_summary_chain}; every flush ({@link #addAll}) and retention's purge take that
 * lock first (one order: no deadlock), and a flush appends an amended link for each minute it added to that is sealed
 * already, so that a minute's rows never change under its newest link. A flush's rows of a minute older than
 * {@link SummaryChain#AMENDMENT_WINDOW} before the sealing point are dropped (with a warning): a link may only amend a
 * recent minute, so that an appended link cannot launder an old minute's edited rows.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcVerificationSummaries implements VerificationSummaryStore, SummaryChainLinks {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcVerificationSummaries.class);
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
        if (deltas.isEmpty()) {
            return;
        }
        SummaryChain.State state = lockedState();
        Map<Key, Delta> cut = new HashMap<>();
        long dropped = 0;
        for (Map.Entry<Key, Delta> delta : deltas.entrySet()) {
            if (tooLate(state, delta.getKey().minute())) {
                dropped += delta.getValue().count();
            }
        }
        if (dropped > 0) {
            LOG.warn("{} verifications of minutes sealed more than {} minutes ago were dropped: too late to amend"
                    + " the summaries' chain", dropped, SummaryChain.AMENDMENT_WINDOW.toMinutes());
        }
        deltas.entrySet().stream().filter(delta -> !tooLate(state, delta.getKey().minute())).forEach(delta -> {
            Key key = delta.getKey();
            cut.merge(new Key(key.minute(), key.keyId(), cutText(key.clientIp()),
                    key.outcome()), delta.getValue(), Delta::plus);
        });
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
        if (!rows.isEmpty()) {
            Set<Instant> minutes = new TreeSet<>();
            rows.forEach(row -> minutes.add(row.getKey().minute()));
            List<Instant> sealed = minutes.stream().filter(state::sealed).toList();
            if (!sealed.isEmpty()) {
                SummaryChain.Link last = append(state, sealed, true, state.sealedBefore());
                moveHead(last, state.sealedBefore());
            }
        }
    }

    /** A minute sealed longer than the amendment window before the sealing point: no longer amended. */
    private static boolean tooLate(SummaryChain.State state, Instant minute) {
        return minute.isBefore(state.sealedBefore().minus(SummaryChain.AMENDMENT_WINDOW));
    }

    /** Links for {@code minutes} after the head (locked by this transaction), their rows as this transaction sees them. */
    private SummaryChain.Link append(SummaryChain.State state, List<Instant> minutes, boolean amended,
                                     Instant sealedBefore) {
        long sequence = state.headSequence();
        String previous = state.headHash();
        try {
            AuditChain.unhex(previous);
        } catch (IllegalArgumentException e) {
            LOG.error("The summaries' head hash (verification_summary_chain.head_hash) is not 64 hex digits: it was"
                    + " changed by hand; no summary is written until it is restored (latchkey audit verify)");
            throw e;
        }
        SummaryChain.Link link = null;
        for (Instant minute : minutes) {
            link = SummaryChain.next(previous, ++sequence, minute, amended, sealedBefore,
                    SummaryChain.digest(rows(minute)));
            SummaryChain.Link written = link;
            db.jdbc().prepareStatement("INSERT INTO verification_summary_links (link_seq, minute_start, amended,"
                    + " sealed_before, summary_rows, verifications, digest, link_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    statement -> {
                        statement.setLong(1, written.sequence());
                        statement.setObject(2, RowMapping.toUtc(written.minute()));
                        statement.setBoolean(3, written.amended());
                        statement.setObject(4, RowMapping.toUtc(written.sealedBefore()));
                        statement.setLong(5, written.digest().rows());
                        statement.setLong(6, written.digest().verifications());
                        statement.setString(7, written.digest().digest());
                        statement.setString(8, written.hash());
                        return statement.executeUpdate();
                    });
            previous = link.hash();
        }
        return link;
    }

    private void moveHead(SummaryChain.Link last, Instant sealedBefore) {
        db.jdbc().prepareStatement("UPDATE verification_summary_chain SET head_seq = ?, head_hash = ?,"
                + " sealed_before = ? WHERE id = 1", statement -> {
                    statement.setLong(1, last.sequence());
                    statement.setString(2, last.hash());
                    statement.setObject(3, RowMapping.toUtc(sealedBefore));
                    return statement.executeUpdate();
                });
    }

    @Override
    @Transactional
    public int seal(Instant before, int maxMinutes) {
        db.background().allowLongerStatements();
        SummaryChain.State state = lockedState();
        if (!before.isAfter(state.sealedBefore())) {
            return 0; // sealed already, by this node or another
        }
        if (state.headSequence() > state.purgedSequence()) {
            List<SummaryChain.Link> head = links(state.headSequence(), 1);
            if (head.isEmpty() || head.get(0).sequence() != state.headSequence()
                    || state.sealedBefore().isBefore(head.get(0).sealedBefore())) {
                LOG.error("The summaries' chain is not sealed: its sealing point (sealed_before {}) is before its last"
                        + " link's, or that link is missing; it was changed by hand (latchkey audit verify says"
                        + " where)", state.sealedBefore());
                return 0;
            }
        }
        List<Instant> minutes = db.jdbc().prepareStatement("SELECT DISTINCT minute_start FROM verification_summaries"
                + " WHERE minute_start >= ? AND minute_start < ? ORDER BY minute_start LIMIT " + maxMinutes,
                statement -> {
                    statement.setObject(1, RowMapping.toUtc(state.sealedBefore()));
                    statement.setObject(2, RowMapping.toUtc(before));
                    return RowMapping.readAll(statement,
                            row -> RowMapping.fromUtc(row.getObject(1, LocalDateTime.class)));
                });
        Instant sealedBefore = minutes.size() < maxMinutes ? before : minutes.get(minutes.size() - 1).plusSeconds(60);
        SummaryChain.Link last = minutes.isEmpty() ? null : append(state, minutes, false, sealedBefore);
        if (last == null) {
            db.jdbc().prepareStatement("UPDATE verification_summary_chain SET sealed_before = ? WHERE id = 1",
                    statement -> {
                        statement.setObject(1, RowMapping.toUtc(sealedBefore));
                        return statement.executeUpdate();
                    });
        } else {
            moveHead(last, sealedBefore);
        }
        return minutes.size();
    }

    private SummaryChain.State lockedState() {
        return db.jdbc().prepareStatement(STATE + " FOR UPDATE", JdbcVerificationSummaries::state);
    }

    private static final String STATE = "SELECT head_seq, head_hash, purged_seq, purged_hash, purged_before,"
            + " chained_from, sealed_before FROM verification_summary_chain WHERE id = 1";

    private static SummaryChain.State state(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("verification_summary_chain has no row: V15 did not run");
            }
            return new SummaryChain.State(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4),
                    RowMapping.fromUtc(row.getObject(5, LocalDateTime.class)),
                    RowMapping.fromUtc(row.getObject(6, LocalDateTime.class)),
                    RowMapping.fromUtc(row.getObject(7, LocalDateTime.class)));
        }
    }

    @Override
    @Connectable
    public SummaryChain.State state() {
        return db.jdbc().prepareStatement(STATE, JdbcVerificationSummaries::state);
    }

    @Override
    @Connectable
    public List<SummaryChain.Link> links(long from, int limit) {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement("SELECT link_seq, minute_start, amended, summary_rows, verifications,"
                + " digest, link_hash, sealed_before, (SELECT MAX(n.link_seq) FROM verification_summary_links n"
                + " WHERE n.minute_start = l.minute_start) AS newest FROM verification_summary_links l"
                + " WHERE link_seq >= ? ORDER BY link_seq LIMIT " + limit, statement -> {
                    statement.setLong(1, from);
                    return RowMapping.readAll(statement, row -> new SummaryChain.Link(row.getLong(1),
                            RowMapping.fromUtc(row.getObject(2, LocalDateTime.class)), row.getBoolean(3),
                            RowMapping.fromUtc(row.getObject(8, LocalDateTime.class)),
                            new SummaryChain.Digest(row.getString(6), row.getLong(4), row.getLong(5)),
                            row.getString(7), row.getLong(9)));
                });
    }

    @Override
    @Connectable
    public List<SummaryChain.Row> rows(Instant minute) {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement("SELECT minute_start, key_id, client_ip, outcome, user_id, verifications,"
                + " first_at, last_at FROM verification_summaries WHERE minute_start = ?", statement -> {
                    statement.setObject(1, RowMapping.toUtc(minute));
                    return RowMapping.readAll(statement, row -> new SummaryChain.Row(
                            RowMapping.fromUtc(row.getObject(1, LocalDateTime.class)), row.getString(2),
                            row.getString(3), row.getString(4), row.getString(5), row.getLong(6),
                            RowMapping.fromUtc(row.getObject(7, LocalDateTime.class)),
                            RowMapping.fromUtc(row.getObject(8, LocalDateTime.class))));
                });
    }

    @Override
    @Connectable
    public Optional<Instant> unlinkedSealedMinute() {
        db.background().allowLongerStatements();
        SummaryChain.State state = state();
        Instant from = state.chainedFrom().isAfter(state.purgedBefore()) ? state.chainedFrom() : state.purgedBefore();
        return db.jdbc().prepareStatement("SELECT MIN(s.minute_start) FROM verification_summaries s"
                + " WHERE s.minute_start >= ? AND s.minute_start < ? AND NOT EXISTS (SELECT 1 FROM"
                + " verification_summary_links l WHERE l.minute_start = s.minute_start)", statement -> {
                    statement.setObject(1, RowMapping.toUtc(from));
                    statement.setObject(2, RowMapping.toUtc(state.sealedBefore()));
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        LocalDateTime minute = row.getObject(1, LocalDateTime.class);
                        return Optional.ofNullable(minute).map(RowMapping::fromUtc);
                    }
                });
    }

    @Override
    @Connectable
    public Optional<Instant> minuteAfter(Instant at) {
        return db.jdbc().prepareStatement("SELECT MIN(minute_start) FROM verification_summaries WHERE minute_start > ?",
                statement -> {
                    statement.setObject(1, RowMapping.toUtc(at));
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        LocalDateTime minute = row.getObject(1, LocalDateTime.class);
                        return Optional.ofNullable(minute).map(RowMapping::fromUtc);
                    }
                });
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

    /**
     * Deletes rows of minutes before {@code before} (to the minute), then, under the chain's lock, the links of those
     * minutes from the start of the chain in order (up to the first of a later minute, or a gap: a deletion stays to
     * be found), keeping the last purged link's hash and the cut-off (older minutes' rows are no longer checked).
     */
    @Override
    @Transactional
    public int purgeBefore(Instant before, int batch) {
        db.background().allowLongerStatements();
        Instant cut = Instant.ofEpochSecond(Math.floorDiv(before.getEpochSecond(), 60) * 60);
        SummaryChain.State state = lockedState();
        int deleted = db.jdbc().prepareStatement(db.vendor().deleteAtMost("verification_summaries",
                "minute_start < ?", batch), statement -> {
                    statement.setObject(1, RowMapping.toUtc(cut));
                    return statement.executeUpdate();
                });
        SummaryChain.Link last = null;
        for (SummaryChain.Link link : links(state.purgedSequence() + 1, batch)) {
            long next = last == null ? state.purgedSequence() + 1 : last.sequence() + 1;
            if (link.sequence() != next || !link.minute().isBefore(cut)) {
                break;
            }
            last = link;
        }
        if (last == null && !cut.isAfter(state.purgedBefore())) {
            return deleted;
        }
        long purgedSequence = last == null ? state.purgedSequence() : last.sequence();
        String purgedHash = last == null ? state.purgedHash() : last.hash();
        db.jdbc().prepareStatement("DELETE FROM verification_summary_links WHERE link_seq > ? AND link_seq <= ?",
                statement -> {
                    statement.setLong(1, state.purgedSequence());
                    statement.setLong(2, purgedSequence);
                    return statement.executeUpdate();
                });
        Instant purgedBefore = cut.isAfter(state.purgedBefore()) ? cut : state.purgedBefore();
        db.jdbc().prepareStatement("UPDATE verification_summary_chain SET purged_seq = ?, purged_hash = ?,"
                + " purged_before = ? WHERE id = 1", statement -> {
                    statement.setLong(1, purgedSequence);
                    statement.setString(2, purgedHash);
                    statement.setObject(3, RowMapping.toUtc(purgedBefore));
                    return statement.executeUpdate();
                });
        return deleted;
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
