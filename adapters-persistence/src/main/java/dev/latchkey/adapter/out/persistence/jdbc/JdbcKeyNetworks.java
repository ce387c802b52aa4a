package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.alerts.KeyNetworks;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.OriginNetwork;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys' networks in {@code key_networks}. A sighting first locks the key's mark row (network {@value #USED}, inserted
 * when missing; {@code SELECT ... FOR UPDATE}): sightings of one key by any node wait for each other, so the one that
 * finds a network new is the one whose statement stored it, and the count of a key's networks is exact. The key's
 * {@code api_keys} row is only read, never locked: quota decrements do not wait for a sighting, and a sighting (mark,
 * then the audit chain's head) takes no lock in an order that a change of keys (a key's row, then the chain's head)
 * takes the other way round. Only sightings a node
 * does not know already reach here (a few per key and network memory); the last uses of known networks are written in
 * batches. Two rows of a key are marks: network {@value #USED} (the key was used; never purged) and
 * {@value #LIMIT} (the key reached its maximum; purged as a network is).
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcKeyNetworks implements KeyNetworks {

    static final String USED = "";
    static final String LIMIT = "*";
    /**
     * The times of a {@value #USED} mark inserted by a sighting that has not yet told the key's first use: only ever
     * seen inside that sighting's transaction, which sets them before it commits.
     */
    static final Instant UNUSED = Instant.EPOCH;
    private static final int ROWS_PER_UPDATE = 200;

    private record Row(Instant lastSeen) {
    }

    private final StoreSql db;

    JdbcKeyNetworks(StoreSql db) {
        this.db = db;
    }

    @Override
    @Transactional
    public Sighting sight(KeyId key, OriginNetwork network, Instant at, Instant forgetBefore, int maxNetworks) {
        // the lock first: on MySQL a transaction's snapshot is taken at its first plain read, which must see what the
        // sighting that held the lock before committed
        boolean markerCreated = lockMarker(key);
        Map<String, Row> rows = db.jdbc().prepareStatement(
                "SELECT network, last_seen FROM key_networks WHERE key_id = ?", statement -> {
                    statement.setString(1, key.value());
                    Map<String, Row> found = new HashMap<>();
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            found.put(result.getString(1),
                                    new Row(RowMapping.fromUtc(result.getObject(2, LocalDateTime.class))));
                        }
                    }
                    return found;
                });
        boolean exists = db.jdbc().prepareStatement("SELECT key_id FROM api_keys WHERE key_id = ?", statement -> {
            statement.setString(1, key.value());
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        });
        if (!exists) {
            if (markerCreated) {
                delete(key, USED);
            }
            return Sighting.NO_KEY;
        }
        String text = network.toString();
        if (markerCreated) {
            insertOrRenew(key, USED, at, true);
            insertOrRenew(key, text, at, rows.containsKey(text));
            return Sighting.FIRST;
        }
        Row row = rows.get(text);
        if (row != null && !row.lastSeen().isBefore(forgetBefore)) {
            touch(key, text, at);
            return Sighting.KNOWN;
        }
        long live = rows.entrySet().stream().filter(entry -> !entry.getKey().equals(USED)
                && !entry.getKey().equals(LIMIT) && !entry.getValue().lastSeen().isBefore(forgetBefore)).count();
        if (live >= maxNetworks) {
            Row limit = rows.get(LIMIT);
            if (limit != null && !limit.lastSeen().isBefore(forgetBefore)) {
                touch(key, LIMIT, at);
                return Sighting.OVER_LIMIT;
            }
            insertOrRenew(key, LIMIT, at, limit != null);
            return Sighting.LIMIT_REACHED;
        }
        insertOrRenew(key, text, at, row != null);
        return Sighting.NEW;
    }

    /**
     * Inserts the key's mark {@value #USED} when it is missing (as {@link #UNUSED}: the key not used yet) and locks it:
     * the lock that serialises the key's sightings, held to the commit. True when this call inserted it. Neither
     * statement takes a shared lock first (which two nodes could then both try to upgrade): the MySQL family's upsert
     * locks the row it finds exclusively; PostgreSQL's insert that skips an existing row locks nothing, its
     * {@code SELECT ... FOR UPDATE} then does.
     */
    private boolean lockMarker(KeyId key) {
        String insert = "INSERT INTO key_networks (key_id, network, first_seen, last_seen) VALUES (?, ?, ?, ?)"
                + switch (db.vendor()) {
                    case MYSQL -> " ON DUPLICATE KEY UPDATE last_seen = last_seen";
                    case POSTGRESQL -> " ON CONFLICT (key_id, network) DO NOTHING";
                };
        db.jdbc().prepareStatement(insert, statement -> {
            statement.setString(1, key.value());
            statement.setString(2, USED);
            statement.setObject(3, RowMapping.toUtc(UNUSED));
            statement.setObject(4, RowMapping.toUtc(UNUSED));
            return statement.executeUpdate();
        });
        Instant firstSeen = db.jdbc().prepareStatement("SELECT first_seen FROM key_networks WHERE key_id = ?"
                + " AND network = ? FOR UPDATE", statement -> {
                    statement.setString(1, key.value());
                    statement.setString(2, USED);
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        return RowMapping.fromUtc(result.getObject(1, LocalDateTime.class));
                    }
                });
        return firstSeen.equals(UNUSED);
    }

    private void delete(KeyId key, String network) {
        db.jdbc().prepareStatement("DELETE FROM key_networks WHERE key_id = ? AND network = ?", statement -> {
            statement.setString(1, key.value());
            statement.setString(2, network);
            return statement.executeUpdate();
        });
    }

    private void insertOrRenew(KeyId key, String network, Instant at, boolean stored) {
        if (!stored) {
            insert(key, network, at);
            return;
        }
        db.jdbc().prepareStatement("UPDATE key_networks SET first_seen = ?, last_seen = ? WHERE key_id = ?"
                + " AND network = ?", statement -> {
                    statement.setObject(1, RowMapping.toUtc(at));
                    statement.setObject(2, RowMapping.toUtc(at));
                    statement.setString(3, key.value());
                    statement.setString(4, network);
                    return statement.executeUpdate();
                });
    }

    private void insert(KeyId key, String network, Instant at) {
        db.jdbc().prepareStatement("INSERT INTO key_networks (key_id, network, first_seen, last_seen)"
                + " VALUES (?, ?, ?, ?)", statement -> {
                    statement.setString(1, key.value());
                    statement.setString(2, network);
                    statement.setObject(3, RowMapping.toUtc(at));
                    statement.setObject(4, RowMapping.toUtc(at));
                    return statement.executeUpdate();
                });
    }

    private void touch(KeyId key, String network, Instant at) {
        db.jdbc().prepareStatement("UPDATE key_networks SET last_seen = ? WHERE key_id = ? AND network = ?"
                + " AND last_seen < ?", statement -> {
                    statement.setObject(1, RowMapping.toUtc(at));
                    statement.setString(2, key.value());
                    statement.setString(3, network);
                    statement.setObject(4, RowMapping.toUtc(at));
                    return statement.executeUpdate();
                });
    }

    /**
     * One statement per {@value #ROWS_PER_UPDATE} rows, in key order (nodes updating the same rows lock them in the
     * same order): {@code last_seen} becomes the later of stored and given, by a {@code CASE} on the row's key.
     */
    @Override
    @Transactional
    public void seen(Map<KeyNetwork, Instant> lastUses) {
        db.background().allowLongerStatements();
        List<Map.Entry<KeyNetwork, Instant>> rows = new ArrayList<>(lastUses.entrySet());
        rows.sort(Map.Entry.comparingByKey(Comparator.<KeyNetwork, String>comparing(row -> row.keyId().value())
                .thenComparing(row -> row.network().toString())));
        for (int from = 0; from < rows.size(); from += ROWS_PER_UPDATE) {
            List<Map.Entry<KeyNetwork, Instant>> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_UPDATE));
            StringBuilder sql = new StringBuilder("UPDATE key_networks SET last_seen = CASE");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(" WHEN key_id = ? AND network = ? AND last_seen < ? THEN ?");
            }
            sql.append(" ELSE last_seen END WHERE ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("(key_id = ? AND network = ?)");
            }
            db.jdbc().prepareStatement(sql.toString(), statement -> {
                int parameter = 1;
                for (Map.Entry<KeyNetwork, Instant> row : chunk) {
                    LocalDateTime at = RowMapping.toUtc(row.getValue());
                    statement.setString(parameter++, row.getKey().keyId().value());
                    statement.setString(parameter++, row.getKey().network().toString());
                    statement.setObject(parameter++, at);
                    statement.setObject(parameter++, at);
                }
                for (Map.Entry<KeyNetwork, Instant> row : chunk) {
                    statement.setString(parameter++, row.getKey().keyId().value());
                    statement.setString(parameter++, row.getKey().network().toString());
                }
                return statement.executeUpdate();
            });
        }
    }

    /** Through the index on {@code last_seen}; the mark of a used key stays (the key's first network is told). */
    @Override
    @Transactional
    public int purgeBefore(Instant before, int batch) {
        db.background().allowLongerStatements();
        return db.jdbc().prepareStatement(db.vendor().deleteAtMost("key_networks", "last_seen < ? AND network <> ?",
                batch), statement -> {
                    statement.setObject(1, RowMapping.toUtc(before));
                    statement.setString(2, USED);
                    return statement.executeUpdate();
                });
    }
}
