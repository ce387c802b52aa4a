package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.AuditChainContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The audit chain contract on a database, tampered with by plain SQL on a connection of its own. */
abstract class SqlAuditChainContract extends AuditChainContract {

    abstract JdbcStores jdbcStores();

    @Override
    protected Stores emptyStores() {
        return jdbcStores().empty();
    }

    @Override
    protected void editEvent(long sequence) {
        update("UPDATE audit_events SET request_id = 'forged' WHERE chain_seq = ?", sequence);
    }

    @Override
    protected long insertUnchainedEvent(long likeSequence) {
        update("INSERT INTO audit_events (occurred_at, type, success, code, key_id, user_id, actor_key_id, client_ip,"
                + " request_id, detail) SELECT occurred_at, 'key.revoked', success, code, key_id, user_id, actor_key_id,"
                + " client_ip, request_id, detail FROM audit_events WHERE chain_seq = ?", likeSequence);
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id FROM audit_events WHERE chain_seq IS NULL")) {
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void deleteEvent(long sequence) {
        update("DELETE FROM audit_events WHERE chain_seq = ?", sequence);
    }

    @Override
    protected void rewindHead(long sequence, String hash) {
        try (Connection connection = connect();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE audit_chain_head SET head_seq = ?, head_hash = ? WHERE id = 1")) {
            update.setLong(1, sequence);
            update.setString(2, hash);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, long sequence) {
        try (Connection connection = connect(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, sequence);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no row at link " + sequence);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcStores().database().url(), jdbcStores().database().user(),
                jdbcStores().database().password());
    }
}
