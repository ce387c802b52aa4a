package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import org.junit.jupiter.api.Test;

/**
 * What opens the breaker and what does not: a statement the database stopped for taking too long, and a pool whose
 * connections are all in use, are slow calls; a connection refused, reset, closed or timed out, and a pool that could
 * not open a connection, are a lost database.
 */
class SqlErrorsTest {

    /** HikariCP's message when no connection fell free within its connection timeout. */
    private static final String POOL_TIMEOUT =
            "HikariPool-1 - Connection is not available, request timed out after 900ms (total=36, active=36, idle=0)";

    @Test
    void statementAndLockWaitTimeoutsOfEveryVendorAreSlowStatementsNotOutages() {
        SQLException[] slow = {
            new SQLException("ERROR: canceling statement due to statement timeout", "57014"), // PostgreSQL
            new SQLException("ERROR: canceling statement due to lock timeout", "55P03"), // PostgreSQL lock_timeout
            new SQLException("Statement was canceled or the session timed out", "57014", 57014), // H2
            new SQLException("Timeout trying to lock table", "HYT00", 50200), // H2
            new SQLTimeoutException("Query execution was interrupted (max_statement_time exceeded)", "70100", 1969),
            new SQLException("Query execution was interrupted", "70100", 1317), // MySQL, MariaDB
            new SQLException("Query execution was interrupted, maximum statement execution time exceeded", "HY000",
                    3024), // MySQL's max_execution_time
            new SQLTransientException("Lock wait timeout exceeded; try restarting transaction", "40001", 1205),
            new SQLTimeoutException("Statement cancelled due to timeout or client request"), // Connector/J
        };
        for (SQLException error : slow) {
            RuntimeException wrapped = new RuntimeException("wrapped", error);
            assertThat(SqlErrors.isSlowStatement(wrapped)).as(error.getMessage()).isTrue();
            assertThat(SqlErrors.isConnectionFailure(wrapped)).as(error.getMessage()).isFalse();
        }
    }

    @Test
    void connectionFailuresAreOutagesNotSlowStatements() {
        Exception[] lost = {
            new SQLNonTransientConnectionException("Socket error", "08000", new SocketTimeoutException("Read timed out")),
            new SQLException("An I/O error occurred while sending to the backend.", "08006",
                    new SocketTimeoutException("Read timed out")), // PostgreSQL's read timeout
            new SQLException("Connection is closed", "08003"), // HikariCP
            new SQLNonTransientConnectionException("Could not connect", "08000", new ConnectException("refused")),
            new SQLTransientConnectionException(POOL_TIMEOUT, "08001",
                    new SQLNonTransientConnectionException("Could not connect", "08001", new ConnectException("refused"))),
        };
        for (Exception error : lost) {
            RuntimeException wrapped = new RuntimeException("wrapped", error);
            assertThat(SqlErrors.isConnectionFailure(wrapped)).as(error.getMessage()).isTrue();
            assertThat(SqlErrors.isSlowStatement(wrapped)).as(error.getMessage()).isFalse();
            assertThat(SqlErrors.isPoolExhausted(wrapped)).as(error.getMessage()).isFalse();
        }
    }

    @Test
    void aPoolWhoseConnectionsAreAllInUseIsNotAnOutage() {
        RuntimeException busy = new RuntimeException("wrapped", new SQLTransientConnectionException(POOL_TIMEOUT));

        assertThat(SqlErrors.isPoolExhausted(busy)).isTrue();
        assertThat(SqlErrors.isConnectionFailure(busy)).isFalse();
    }
}
