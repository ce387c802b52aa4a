package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.ConnectionLane;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.connection.ConnectionStatus;
import io.micronaut.data.connection.ConnectionSynchronization;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * The statements of background work and of scans (the last-use flush, pruning and purges, loading every key id,
 * the lifecycle notices, user and audit searches) may run longer than the statement timeout that requests get: a
 * lock wait, a large batch or a scan must not fail for that. They get {@link #TIMEOUT} as their statement timeout,
 * and twice that as the read timeout, on the connection they run on, until it goes back to the pool, which gets the
 * timeouts of its lane back (the pool restores the read timeout; the statement timeout is set back here). The
 * background lane's connections ({@link LanePools}) have these timeouts from the start.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
final class BackgroundStatements {

    /** The statement timeout of background work and scans. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ConnectionOperations<Connection> connections;
    private final DatasourceTuning tuning;
    private final LanePools lanes;
    private volatile String databaseProduct;

    BackgroundStatements(ConnectionOperations<Connection> connections, DatasourceTuning tuning, LanePools lanes) {
        this.connections = connections;
        this.tuning = tuning;
        this.lanes = lanes;
    }

    /**
     * Gives the connection of the current {@code @Connectable} or {@code @Transactional} method the longer timeouts,
     * unless it comes from the background lane's pool, whose connections have them already.
     */
    void allowLongerStatements() {
        ConnectionLane pool = lanes.poolOf(ConnectionLane.current());
        if (tuning.statementTimeout(pool).compareTo(TIMEOUT) >= 0) {
            return;
        }
        ConnectionStatus<Connection> status = connections.getConnectionStatus();
        Connection connection = status.getConnection();
        try {
            connection.setNetworkTimeout(Runnable::run, (int) TIMEOUT.multipliedBy(2).toMillis());
        } catch (SQLFeatureNotSupportedException embedded) {
            // the embedded H2 has no network to wait on
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the read timeout of a background statement", e);
        }
        String product = databaseProduct(connection);
        Optional<String> longer = StatementTimeouts.setting(product, TIMEOUT);
        if (longer.isEmpty()) {
            return;
        }
        execute(connection, longer.get());
        String back = StatementTimeouts.setting(product, tuning.statementTimeout(pool)).orElseThrow();
        status.registerSynchronization(new ConnectionSynchronization() {
            @Override
            public void beforeClosed() {
                try {
                    execute(connection, back);
                } catch (RuntimeException e) {
                    abort(connection); // never hand a connection with the long timeout to a request
                }
            }
        });
    }

    private String databaseProduct(Connection connection) {
        String product = databaseProduct;
        if (product == null) {
            try {
                product = connection.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read which database this is", e);
            }
            databaseProduct = product;
        }
        return product;
    }

    private static void execute(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the statement timeout of a background statement", e);
        }
    }

    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException ignored) {
            // the pool drops a connection that fails its next use
        }
    }
}
