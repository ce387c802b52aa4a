package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
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
 *   done), and no statement timeout (the server's own default instead). The pool restores the read timeout when
 *   Flyway hands a connection back, and the request statement timeout is set back then.
 * </ul>
 */
@Singleton
@Named(VendorMigrations.DATASOURCE)
final class VendorMigrations implements FlywayConfigurationCustomizer {

    static final String DATASOURCE = "default";

    private final DatabaseVendor vendor;
    private final Duration requestStatementTimeout;

    VendorMigrations(DatabaseVendor vendor, DatasourceTuning tuning) {
        this.vendor = vendor;
        this.requestStatementTimeout = tuning.statementTimeout();
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
            configuration.dataSource(new WithoutReadTimeout(pooled, requestStatementTimeout));
        }
    }

    /**
     * Hands out the pool's connections with no network (read) timeout and the server's default statement timeout;
     * closing one sets the request statement timeout back before the pool takes it.
     */
    private record WithoutReadTimeout(DataSource pooled, Duration requestStatementTimeout)
            implements ForwardingDataSource {

        @Override
        public DataSource target() {
            return pooled;
        }


        @Override
        public Connection getConnection() throws SQLException {
            return withoutTimeout(pooled.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return withoutTimeout(pooled.getConnection(username, password));
        }

        private Connection withoutTimeout(Connection connection) throws SQLException {
            try {
                connection.setNetworkTimeout(Runnable::run, 0);
            } catch (SQLFeatureNotSupportedException embedded) {
                // the embedded H2 has no network to wait on
            }
            String product = connection.getMetaData().getDatabaseProductName();
            Optional<String> back = StatementTimeouts.setting(product, requestStatementTimeout);
            if (back.isEmpty()) {
                return connection;
            }
            execute(connection, StatementTimeouts.serverDefault(product).orElseThrow());
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                        if (method.getName().equals("close") && method.getParameterCount() == 0
                                && !connection.isClosed()) {
                            execute(connection, back.get());
                        }
                        try {
                            return method.invoke(connection, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        private static void execute(Connection connection, String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
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
