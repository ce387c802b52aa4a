package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/** A migration may run longer than the store timeout that requests get; its connections wait as long as it takes. */
class MigrationsWithoutStoreTimeoutTest {

    @Test
    void flywaysConnectionsOutwaitTheReadTimeoutThatRequestsGet() throws Exception {
        MySqlTestServer.Database database = MySqlTestServer.freshDatabase("migration_timeout");
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(database.url());
        pool.setUsername(database.user());
        pool.setPassword(database.password());
        pool.addDataSourceProperty("socketTimeout", "300");
        try (HikariDataSource requests = new HikariDataSource(pool)) {
            FluentConfiguration flyway = Flyway.configure().dataSource(requests);
            new MigrationsWithoutStoreTimeout().customizeFluentConfiguration(flyway);

            try (Connection migration = flyway.getDataSource().getConnection()) {
                sleepOneSecond(migration);
            }

            try (Connection request = requests.getConnection()) {
                assertThatThrownBy(() -> sleepOneSecond(request)).as("the pool restored the read timeout")
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    private static void sleepOneSecond(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            assertThat(statement.execute("SELECT SLEEP(1)")).isTrue();
        }
    }
}
