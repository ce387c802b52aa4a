package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.PostgreSqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Flyway runs the migrations of the URL's vendor; a migration may run longer than the store timeout that requests get,
 * so its connections wait as long as it takes.
 */
class VendorMigrationsTest {

    @Test
    void eachVendorMigratesFromItsOwnFolder() {
        for (DatabaseVendor vendor : DatabaseVendor.values()) {
            FluentConfiguration flyway = Flyway.configure();
            new VendorMigrations(vendor, new DatasourceTuning(Duration.ofMillis(300)))
                    .customizeFluentConfiguration(flyway);

            assertThat(flyway.getLocations()).extracting(Object::toString)
                    .containsExactly("classpath:db/migration/" + vendor.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void flywaysConnectionsOutwaitTheReadTimeoutThatRequestsGetOnMySql() throws Exception {
        // MySQL's drivers count the socket timeout in milliseconds
        outwaitsTheReadTimeout(MySqlTestServer.freshDatabase("migration_timeout"), DatabaseVendor.MYSQL, "300",
                "SELECT SLEEP(1)");
    }

    @Test
    void flywaysConnectionsOutwaitTheReadTimeoutThatRequestsGetOnPostgreSql() throws Exception {
        // PostgreSQL's driver counts it in seconds
        outwaitsTheReadTimeout(PostgreSqlTestServer.freshDatabase("migration_timeout"), DatabaseVendor.POSTGRESQL,
                "1", "SELECT pg_sleep(2)");
    }

    private static void outwaitsTheReadTimeout(TestDatabase database, DatabaseVendor vendor, String socketTimeout,
                                               String sleep) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(database.url());
        pool.setUsername(database.user());
        pool.setPassword(database.password());
        pool.addDataSourceProperty("socketTimeout", socketTimeout);
        // and the statement timeout requests get, which migrations do not have either
        StatementTimeouts.driverProperties(database.url(), Duration.ofMillis(300)).forEach(pool::addDataSourceProperty);
        try (HikariDataSource requests = new HikariDataSource(pool)) {
            FluentConfiguration flyway = Flyway.configure().dataSource(requests);
            new VendorMigrations(vendor, new DatasourceTuning(Duration.ofMillis(300)))
                    .customizeFluentConfiguration(flyway);

            try (Connection migration = flyway.getDataSource().getConnection()) {
                sleepOn(migration, sleep);
            }

            try (Connection request = requests.getConnection()) {
                assertThatThrownBy(() -> sleepOn(request, sleep)).as("the pool restored the read timeout")
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    private static void sleepOn(Connection connection, String sleep) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            assertThat(statement.execute(sleep)).isTrue();
        }
    }
}
