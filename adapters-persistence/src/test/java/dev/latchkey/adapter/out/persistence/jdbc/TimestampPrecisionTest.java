package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.PostgreSqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each driver and server this machine has, as the start checks it: the pairs that keep microseconds pass (and a time
 * written to a {@code DATETIME(6)}/{@code TIMESTAMP(6)} column comes back whole), MySQL's Connector/J on MariaDB is
 * refused with the URL to use.
 */
class TimestampPrecisionTest {

    @Test
    void mySqlsConnectorJOnMariaDbIsRefusedWithTheUrlToUse() throws Exception {
        TestDatabase database = MySqlTestServer.freshDatabase("precision_mysql_url");
        String mysqlUrl = database.url().replace("jdbc:mariadb:", "jdbc:mysql:") + "?user=root&password=hunter2x";
        try (Connection connection = DriverManager.getConnection(mysqlUrl.substring(0, mysqlUrl.indexOf('?')),
                database.user(), database.password())) {
            assertThat(connection.getMetaData().getDriverName()).contains("MySQL Connector");
            boolean mariaDb = connection.getMetaData().getDatabaseProductVersion().contains("MariaDB");
            if (!mariaDb) { // Testcontainers MySQL 8: Connector/J keeps microseconds there
                TimestampPrecision.require(connection, DatabaseVendor.MYSQL);
                assertThat(roundTrip(connection, "DATETIME(6)")).isEqualTo(TimestampPrecision.PROBE);
                return;
            }
            assertThat(roundTrip(connection, "DATETIME(6)")).as("what Connector/J stores on MariaDB")
                    .isEqualTo(TimestampPrecision.PROBE.withNano(0));
            assertThatThrownBy(() -> TimestampPrecision.require(connection, DatabaseVendor.MYSQL))
                    .hasMessageContaining("use jdbc:mariadb://" + database.host() + ":" + database.port() + "/"
                            + database.name() + " ");
        }
        String refusal = TimestampPrecision.refusal(mysqlUrl.replace("//", "//root:hunter2y@"), "10.11.6-MariaDB",
                TimestampPrecision.PROBE.withNano(0));
        assertThat(refusal).doesNotContain("hunter2").doesNotContain("\n")
                .contains("use jdbc:mariadb://" + database.host() + ":" + database.port() + "/" + database.name());
    }

    /** The adapter's context, as the service starts it on such a URL: it stops, the one line its root cause. */
    @Test
    void theAdapterDoesNotStartOnAJdbcMysqlUrlToMariaDb() throws Exception {
        TestDatabase database = MySqlTestServer.freshDatabase("precision_start");
        String mysqlUrl = database.url().replace("jdbc:mariadb:", "jdbc:mysql:");
        boolean mariaDb;
        try (Connection connection = DriverManager.getConnection(mysqlUrl, database.user(), database.password())) {
            mariaDb = connection.getMetaData().getDatabaseProductVersion().contains("MariaDB");
        }
        Map<String, Object> settings = Map.of("datasources.default.url", mysqlUrl,
                "datasources.default.username", database.user(), "datasources.default.password", database.password(),
                "flyway.datasources.default.enabled", true, TestWebhookSecretBox.ENABLED, true);
        if (!mariaDb) {
            ApplicationContext.run(settings).close();
            return;
        }

        assertThatThrownBy(() -> ApplicationContext.run(settings).close()).satisfies(refused -> {
            Throwable cause = refused;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause.getMessage()).doesNotContain("\n")
                    .contains("use jdbc:mariadb://" + database.host() + ":" + database.port() + "/" + database.name());
        });
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                     + " WHERE table_schema = '" + database.name() + "'")) {
            tables.next();
            assertThat(tables.getInt(1)).as("refused before migrating").isZero();
        }
    }

    @Test
    void theMariaDbDriverOnMariaDbKeepsMicroseconds() throws Exception {
        assertKeepsMicroseconds(MySqlTestServer.freshDatabase("precision_mariadb_url"), DatabaseVendor.MYSQL,
                "DATETIME(6)");
    }

    @Test
    void postgreSqlKeepsMicroseconds() throws Exception {
        assertKeepsMicroseconds(PostgreSqlTestServer.freshDatabase("precision"), DatabaseVendor.POSTGRESQL,
                "TIMESTAMP(6)");
    }

    @Test
    void theEmbeddedH2KeepsMicroseconds() throws Exception {
        assertKeepsMicroseconds(new TestDatabase("jdbc:h2:mem:precision;MODE=MySQL;"
                + "DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE", "sa", "", "precision"),
                DatabaseVendor.MYSQL, "DATETIME(6)");
    }

    /** The check passes on {@code database}, and a {@code type} column gives the probe back to the microsecond. */
    private static void assertKeepsMicroseconds(TestDatabase database, DatabaseVendor vendor, String type)
            throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            TimestampPrecision.require(connection, vendor);
            assertThat(roundTrip(connection, type)).isEqualTo(TimestampPrecision.PROBE);
        }
    }

    /** The probe written to a column of {@code type} and read back. */
    private static LocalDateTime roundTrip(Connection connection, String type) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE precision_probe (at " + type + ")");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO precision_probe VALUES (?)")) {
            insert.setObject(1, TimestampPrecision.PROBE);
            insert.executeUpdate();
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT at FROM precision_probe")) {
            result.next();
            LocalDateTime back = result.getObject(1, LocalDateTime.class);
            statement.execute("DROP TABLE precision_probe");
            return back;
        }
    }
}
