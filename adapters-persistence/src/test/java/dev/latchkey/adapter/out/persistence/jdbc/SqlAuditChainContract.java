package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.adapter.out.persistence.contract.AuditChainContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.in.audit.VerifyAuditChain.Breakage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
    protected long insertLinkAt(long sequence, long likeSequence) {
        update("INSERT INTO audit_events (occurred_at, type, success, code, key_id, user_id, actor_key_id, client_ip,"
                + " request_id, detail, chain_seq, chain_hash) SELECT occurred_at, type, success, code, key_id, user_id,"
                + " actor_key_id, client_ip, 'forged', detail, " + sequence + ", chain_hash FROM audit_events"
                + " WHERE chain_seq = ?", likeSequence);
        return idOf("SELECT id FROM audit_events WHERE chain_seq = " + sequence);
    }

    @Override
    protected void movePurgeMarker(long sequence, String hash) {
        try (Connection connection = connect();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE audit_chain_head SET purged_seq = ?, purged_hash = ? WHERE id = 1")) {
            update.setLong(1, sequence);
            update.setString(2, hash);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLinkOfZeroOrLessIsRefusedByTheDatabase() {
        write25();

        assertThatThrownBy(() -> update("UPDATE audit_events SET chain_seq = -1 WHERE chain_seq = ?", 3))
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void anUnchainedRowWithAnIdFromBeforeTheChainButANewerTimeIsFound() {
        write25();
        update("INSERT INTO audit_events (id, occurred_at, type, success, request_id) SELECT -7, occurred_at,"
                + " 'key.revoked', TRUE, 'forged' FROM audit_events WHERE chain_seq = ?", 12);

        VerifyAuditChain.Break broken = verify().firstBreak().orElseThrow();

        assertThat(broken.kind()).isEqualTo(Breakage.INSERTED);
        assertThat(broken.eventId()).isEqualTo(-7);
    }

    @Test
    void aRowThatIsNoEventIsAnEditNotAFailure() {
        write25();
        update("UPDATE audit_events SET type = 'key.forged' WHERE chain_seq = ?", 7);

        VerifyAuditChain.Report report = verify();

        VerifyAuditChain.Break broken = report.firstBreak().orElseThrow();
        assertThat(broken.kind()).isEqualTo(Breakage.EDITED);
        assertThat(broken.sequence()).isEqualTo(7);
        assertThat(report.lastChecked()).isEqualTo(6);
    }

    @Test
    void retentionStuckAtAGapSaysSo() {
        write25();
        deleteEvent(3);
        Logger logger = (Logger) LoggerFactory.getLogger(JdbcAuditEvents.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            int purged = purgeBefore(Instant.parse("2026-11-22T10:15:40.123456Z"), 100);

            assertThat(purged).isEqualTo(2);
            assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).asString().contains("retention stops at link 3");
        } finally {
            logger.detachAppender(log);
        }
    }

    private long idOf(String query) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(query);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
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
