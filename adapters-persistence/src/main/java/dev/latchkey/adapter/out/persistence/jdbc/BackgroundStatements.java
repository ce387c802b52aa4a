package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;

/**
 * The statements of background work (the last-use flush, pruning the change feed, loading every key id) may run
 * longer than the store timeout that requests get: a lock wait or a large batch must not look like a lost database
 * and open the breaker for everyone. They get this read timeout instead, on the connection they run on; the pool
 * restores the request timeout when the connection goes back.
 */
final class BackgroundStatements {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private BackgroundStatements() {
    }

    /** Gives the connection of the current {@code @Connectable} or {@code @Transactional} method the longer timeout. */
    static void allowLongerReads(JdbcOperations jdbc) {
        try {
            jdbc.getConnection().setNetworkTimeout(Runnable::run, (int) READ_TIMEOUT.toMillis());
        } catch (SQLFeatureNotSupportedException embedded) {
            // the embedded H2 has no network to wait on
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the read timeout of a background statement", e);
        }
    }
}
