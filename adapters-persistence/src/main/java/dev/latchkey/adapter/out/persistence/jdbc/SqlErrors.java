package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.data.connection.exceptions.ConnectionException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Reads what a database error means, whichever driver (MySQL, MariaDB, PostgreSQL, H2) raised it. */
final class SqlErrors {

    /**
     * SQLSTATEs of a statement the database stopped because it ran too long: 57014 (PostgreSQL query_canceled by
     * statement_timeout, H2's statement cancelled by its query timeout), 55P03 (PostgreSQL lock_not_available),
     * HYT00 (H2's lock timeout).
     */
    private static final Set<String> SLOW_STATES = Set.of("57014", "55P03", "HYT00");
    /**
     * MySQL and MariaDB error codes of the same: 1317 (query interrupted), 3024 (MySQL's max_execution_time),
     * 1969 (MariaDB's max_statement_time), 1205 (lock wait timeout).
     */
    private static final Set<Integer> SLOW_MYSQL_CODES = Set.of(1317, 3024, 1969, 1205);

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
     * Whether {@code error} means the database answered, but a statement took too long: stopped by its statement
     * timeout or by a lock wait timeout. The connection stays usable; the call fails, and says nothing about the
     * database being reachable.
     */
    static boolean isSlowStatement(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return false;
            }
            if (cause instanceof SQLTimeoutException) {
                return true; // the JDBC statement timeout (Connector/J's, MariaDB's for 70100)
            }
            if (cause instanceof SQLException sql && (SLOW_STATES.contains(String.valueOf(sql.getSQLState()))
                    || SLOW_MYSQL_CODES.contains(sql.getErrorCode()) && !isPostgreSql(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code error} is the pool's timeout waiting for a connection while every connection was in use (slow
     * statements hold them), not while it failed to open one: HikariCP's "Connection is not available" carries the
     * last failure to open a connection as its cause when there was one, and none when the pool could open them.
     */
    static boolean isPoolExhausted(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException waited) {
                return waited.getCause() == null && String.valueOf(waited.getMessage()).contains("is not available");
            }
        }
        return false;
    }

    /** PostgreSQL's driver reports no vendor codes, but do not read a MySQL code into one that might. */
    private static boolean isPostgreSql(SQLException error) {
        return error.getClass().getName().startsWith("org.postgresql.");
    }

    /**
     * Whether {@code error} means the database could not be reached: SQLSTATE class 08 (connection exception),
     * a pool that timed out waiting for a connection it could not open, or Micronaut Data failing to obtain or
     * prepare one. Neither a slow statement ({@link #isSlowStatement}) nor a pool whose connections are all in use
     * ({@link #isPoolExhausted}) is one.
     */
    static boolean isConnectionFailure(Throwable error) {
        if (isSlowStatement(error) || isPoolExhausted(error)) {
            return false;
        }
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
