package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.SummaryChainContract;
import dev.latchkey.domain.audit.SummaryChain;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The summaries' chain contract on a database, tampered with by plain SQL on a connection of its own. */
abstract class SqlSummaryChainContract extends SummaryChainContract {

    abstract JdbcStores jdbcStores();

    @Override
    protected Stores emptyStores() {
        return jdbcStores().empty();
    }

    @Override
    protected void editSummaryCount(Instant minute) {
        update("UPDATE verification_summaries SET verifications = verifications + 1 WHERE minute_start = ?"
                + " AND key_id = '" + KEY.value() + "'", minute);
    }

    @Override
    protected void insertSummary(Instant minute) {
        update("INSERT INTO verification_summaries (minute_start, key_id, client_ip, outcome, user_id, verifications,"
                + " first_at, last_at) VALUES (?, 'BBBBBBBBBBBB', '198.51.100.7', 'VALID', NULL, 1, '2026-11-22"
                + " 10:15:00', '2026-11-22 10:15:00')", minute);
    }

    @Override
    protected void deleteSummary(Instant minute) {
        update("DELETE FROM verification_summaries WHERE minute_start = ? AND key_id = '" + KEY.value() + "'",
                minute);
    }

    @Override
    protected void editLink(long sequence) {
        update("UPDATE verification_summary_links SET verifications = verifications + 1 WHERE link_seq = ?",
                sequence);
    }

    @Override
    protected void deleteLink(long sequence) {
        update("DELETE FROM verification_summary_links WHERE link_seq = ?", sequence);
    }

    @Override
    protected void appendLink(SummaryChain.Link link) {
        execute("INSERT INTO verification_summary_links (link_seq, minute_start, amended, sealed_before, summary_rows,"
                + " verifications, digest, link_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", link.sequence(), link.minute(),
                link.amended(), link.sealedBefore(), link.digest().rows(), link.digest().verifications(),
                link.digest().digest(), link.hash());
        execute("UPDATE verification_summary_chain SET head_seq = ?, head_hash = ? WHERE id = 1", link.sequence(),
                link.hash());
    }

    @Override
    protected void moveMarker(String column, Instant to) {
        execute("UPDATE verification_summary_chain SET " + column + " = ? WHERE id = 1", to);
    }

    @Override
    protected void setHash(long sequence, String hash) {
        if (sequence == 0) {
            execute("UPDATE verification_summary_chain SET purged_hash = ? WHERE id = 1", hash);
        } else {
            execute("UPDATE verification_summary_links SET link_hash = ? WHERE link_seq = ?", hash, sequence);
        }
    }

    private void update(String sql, Object parameter) {
        execute(sql, parameter);
    }

    private void execute(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(jdbcStores().database().url(),
                jdbcStores().database().user(), jdbcStores().database().password());
             PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i] instanceof Instant at ? LocalDateTime.ofInstant(at,
                        ZoneOffset.UTC) : parameters[i]);
            }
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no row changed by " + sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
