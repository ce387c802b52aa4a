package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} on a {@code jdbc:mysql://} URL that reaches MariaDB, whose times MySQL's Connector/J would store
 * without their fractions of a second (a revocation then went unaudited): the start stops with one line naming the
 * {@code jdbc:mariadb://} URL to use, status 1, nothing served.
 */
class MySqlUrlOnMariaDbTest {

    @Test
    void theStartStopsWithOneLineNamingTheUrlToUse() throws Exception {
        TestDatabase database = TestServer.MYSQL.freshDatabase("mysql_url");
        String mysqlUrl = database.url().replace("jdbc:mariadb:", "jdbc:mysql:");
        boolean mariaDb;
        try (Connection connection = DriverManager.getConnection(mysqlUrl, database.user(), database.password())) {
            mariaDb = connection.getMetaData().getDatabaseProductVersion().contains("MariaDB");
        }
        if (!mariaDb) { // the test server is MySQL, on which jdbc:mysql: keeps microseconds: the URL is taken
            assertThat(LatchkeyCommand.run("migrate", "--datasources.default.url=" + mysqlUrl,
                    "--datasources.default.username=" + database.user(),
                    "--datasources.default.password=" + database.password()).exitCode()).isZero();
            return;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        LatchkeyCommand.Outcome outcome = LatchkeyCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "serve", "--datasources.default.url=" + mysqlUrl,
                "--datasources.default.username=" + database.user(),
                "--datasources.default.password=" + database.password(),
                "--latchkey.pepper=mysql-url-test-pepper-0123456789abcdef", "--micronaut.server.port=-1");

        assertThat(outcome.serving()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("latchkey serve: ")
                .contains("use jdbc:mariadb://" + database.host() + ":" + database.port() + "/" + database.name());
    }
}
