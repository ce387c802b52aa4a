package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * How Flyway migrates the database at start:
 * <ul>
 *   <li>with the migrations of the URL's vendor ({@link DatabaseVendor#migrationLocation()}): one schema, written
 *   once for the MySQL family (MySQL, MariaDB, the embedded H2) and once for PostgreSQL;
 *   <li>only on a driver and server that keep times to the microsecond ({@link TimestampPrecision}): a
 *   {@code jdbc:mysql:} URL on MariaDB stops the start with the URL to use;
 *   <li>on connections that wait on the database as long as a migration takes: a schema change on a large table may
 *   run for minutes, far past the store timeout that requests get (a read timeout would abort the migration half
 *   done). The pool restores the timeout when Flyway hands a connection back.
 * </ul>
 */
@Singleton
@Named(VendorMigrations.DATASOURCE)
final class VendorMigrations implements FlywayConfigurationCustomizer {

    static final String DATASOURCE = "default";

    private final DatabaseVendor vendor;

    VendorMigrations(DatabaseVendor vendor) {
        this.vendor = vendor;
    }

    @Override
    public String getName() {
        return DATASOURCE;
    }

    @Override
    public void customizeFluentConfiguration(FluentConfiguration configuration) {
        configuration.locations(vendor.migrationLocation());
        DataSource pooled = configuration.getDataSource();
        if (pooled != null) {
            TimestampPrecision.require(pooled, vendor);
            configuration.dataSource(new WithoutReadTimeout(pooled));
        }
    }

    /** Hands out the pool's connections with no network (read) timeout. */
    private record WithoutReadTimeout(DataSource pooled) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return withoutTimeout(pooled.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return withoutTimeout(pooled.getConnection(username, password));
        }

        private static Connection withoutTimeout(Connection connection) throws SQLException {
            try {
                connection.setNetworkTimeout(Runnable::run, 0);
            } catch (SQLFeatureNotSupportedException embedded) {
                // the embedded H2 has no network to wait on
            }
            return connection;
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pooled.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pooled.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pooled.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pooled.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pooled.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : pooled.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || pooled.isWrapperFor(type);
        }
    }
}
