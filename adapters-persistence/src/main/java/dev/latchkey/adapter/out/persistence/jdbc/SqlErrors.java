package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.data.connection.exceptions.ConnectionException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** Reads what a database error means, whichever driver (MySQL, MariaDB, H2) raised it. */
final class SqlErrors {

    private SqlErrors() {
    }

    /** Whether {@code error} was caused by a unique or primary-key constraint (SQLSTATE 23000 / 23505). */
    static boolean isUniqueViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // MySQL/MariaDB report duplicates as 23000 with vendor code 1062; H2 as 23505
                return "23505".equals(state) || ("23000".equals(state) && sql.getErrorCode() == 1062);
            }
        }
        return false;
    }

    /**
     * Whether {@code error} means the database could not be reached: SQLSTATE class 08 (connection exception),
     * a pool that timed out waiting for a connection, or Micronaut Data failing to obtain or prepare one.
     */
    static boolean isConnectionFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectionException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
