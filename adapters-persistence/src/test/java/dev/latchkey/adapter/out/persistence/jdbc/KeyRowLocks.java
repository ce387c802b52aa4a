package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.domain.apikey.KeyId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Whether a key's {@code api_keys} row can be locked at once from a connection of its own (MariaDB, PostgreSQL). */
final class KeyRowLocks {

    private KeyRowLocks() {
    }

    /** True when {@code SELECT ... FOR UPDATE NOWAIT} took the lock; false when another transaction holds it. */
    static boolean free(TestDatabase database, KeyId id) {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
                database.password())) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT key_id FROM api_keys WHERE key_id = ? FOR UPDATE NOWAIT")) {
                statement.setString(1, id.value());
                statement.executeQuery().close();
                return true;
            } catch (SQLException held) {
                return false;
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
