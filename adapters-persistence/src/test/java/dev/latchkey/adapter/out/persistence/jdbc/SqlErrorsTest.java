package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.adapter.out.persistence.testsupport.CuttableTcpProxy;
import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import io.micronaut.data.connection.exceptions.ConnectionException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import org.junit.jupiter.api.Test;

/**
 * What opens the breaker and what does not: a statement the database stopped for taking too long, and a pool whose
 * connections are all in use, are slow calls; an error the database sent (a deadlock, a duplicate) is an answer; a
 * connection refused, reset, closed or timed out, and a pool that could not open a connection, are a lost database.
 */
class SqlErrorsTest {

    /** HikariCP's message when no connection fell free within its connection timeout. */
    private static final String POOL_TIMEOUT =
            "HikariPool-1 - Connection is not available, request timed out after 900ms (total=36, active=36, idle=0)";

    private static final boolean AN_OUTAGE = true;
    private static final boolean NOT_AN_OUTAGE = false;
    private static final boolean SLOW = true;
    private static final boolean NOT_SLOW = false;

    /**
     * Each of {@code errors}, wrapped as the stores see it, is a lost database or not, and a slow statement or not;
     * none is a pool that had no connection free.
     */
    private static void assertEachWrapped(Exception[] errors, boolean outage, boolean slow) {
        for (Exception error : errors) {
            RuntimeException wrapped = new RuntimeException("wrapped", error);
            assertThat(SqlErrors.isConnectionFailure(wrapped)).as(error.getMessage()).isEqualTo(outage);
            assertThat(SqlErrors.isSlowStatement(wrapped)).as(error.getMessage()).isEqualTo(slow);
            assertThat(SqlErrors.isPoolExhausted(wrapped)).as(error.getMessage()).isFalse();
        }
    }

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
        assertEachWrapped(slow, NOT_AN_OUTAGE, SLOW);
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
        assertEachWrapped(lost, AN_OUTAGE, NOT_SLOW);
    }

    @Test
    void aPoolWhoseConnectionsAreAllInUseIsNotAnOutage() {
        RuntimeException busy = new RuntimeException("wrapped", new SQLTransientConnectionException(POOL_TIMEOUT));

        assertThat(SqlErrors.isPoolExhausted(busy)).isTrue();
        assertThat(SqlErrors.isConnectionFailure(busy)).isFalse();
        // as Micronaut Data reports it when a transaction or @Connectable method cannot get its connection
        RuntimeException obtained = new ConnectionException("Failed to obtain a connection",
                new SQLTransientConnectionException(POOL_TIMEOUT));
        assertThat(SqlErrors.isConnectionFailure(obtained)).isFalse();
    }

    @Test
    void deadlocksAndOtherErrorsTheDatabaseSentAreNeitherSlowNorAnOutage() {
        SQLException[] answered = {
            new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213), // MySQL
            new SQLTransactionRollbackException("ERROR: deadlock detected", "40P01"), // PostgreSQL
            new SQLException("Duplicate entry 'x' for key 'PRIMARY'", "23000", 1062),
            new SQLSyntaxErrorException("Table 'latchkey.nope' doesn't exist", "42S02", 1146),
        };
        assertEachWrapped(answered, NOT_AN_OUTAGE, NOT_SLOW);
    }

    @Test
    void aConnectionThatCannotBeOpenedUnderMicronautDataIsAnOutage() {
        RuntimeException lost = new ConnectionException("Failed to obtain a connection",
                new SQLTransientConnectionException(POOL_TIMEOUT, "08001",
                        new SQLNonTransientConnectionException("Could not connect", "08001",
                                new ConnectException("Connection refused"))));

        assertThat(SqlErrors.isConnectionFailure(lost)).isTrue();
    }

    /**
     * What the classification relies on, with a real HikariCP pool: its timeout carries the last failure to open a
     * connection when there was one (the server is gone), none when every connection was merely in use (busy), and a
     * connection opened since clears the failure.
     */
    @Test
    void hikariTellsABusyPoolFromOneThatCannotReachItsServer() throws Exception {
        TestDatabase database = MySqlTestServer.freshDatabase("poolclass");
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(database.host(), database.port())) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(database.urlThrough(proxy));
            config.setUsername(database.user());
            config.setPassword(database.password());
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(0);
            config.setConnectionTimeout(500);
            config.setInitializationFailTimeout(-1);
            config.addDataSourceProperty("connectTimeout", "250");
            proxy.cut();
            try (HikariDataSource pool = new HikariDataSource(config)) {
                SQLException gone = catchThrowableOfType(SQLException.class, pool::getConnection);
                assertThat(SqlErrors.isConnectionFailure(gone)).as("cannot connect: %s", gone).isTrue();
                assertThat(SqlErrors.isPoolExhausted(gone)).isFalse();

                proxy.restore();
                Connection only = awaitConnection(pool);
                try (only) {
                    SQLException busy = catchThrowableOfType(SQLException.class, pool::getConnection);
                    assertThat(SqlErrors.isPoolExhausted(busy)).as("all in use: %s", busy).isTrue();
                    assertThat(SqlErrors.isConnectionFailure(busy)).isFalse();
                }
            }
        }
    }

    /** The pool's first connection once the server is reachable again (it retries in the background). */
    private static Connection awaitConnection(HikariDataSource pool) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                return pool.getConnection();
            } catch (SQLException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the pool never connected once the server was back");
    }
}
