package dev.latchkey.adapter.out.persistence.jdbc;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A datasource that hands out connections its own way and leaves the rest (log writer, login timeout, parent logger)
 * to the datasource it wraps. Each implementation says how it unwraps.
 */
interface ForwardingDataSource extends DataSource {

    /** The datasource the settings belong to. */
    DataSource target();

    @Override
    default PrintWriter getLogWriter() throws SQLException {
        return target().getLogWriter();
    }

    @Override
    default void setLogWriter(PrintWriter out) throws SQLException {
        target().setLogWriter(out);
    }

    @Override
    default void setLoginTimeout(int seconds) throws SQLException {
        target().setLoginTimeout(seconds);
    }

    @Override
    default int getLoginTimeout() throws SQLException {
        return target().getLoginTimeout();
    }

    @Override
    default Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target().getParentLogger();
    }
}
