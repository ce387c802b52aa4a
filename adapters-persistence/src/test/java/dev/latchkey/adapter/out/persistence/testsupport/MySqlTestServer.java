package dev.latchkey.adapter.out.persistence.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The MySQL server persistence tests run against, and a fresh database on it per test class.
 * In order: the server in {@code LATCHKEY_TEST_JDBC_URL} (with {@code LATCHKEY_TEST_JDBC_USER} and
 * {@code LATCHKEY_TEST_JDBC_PASSWORD}); else Testcontainers MySQL when a Docker engine is available;
 * else a MySQL-compatible server on 127.0.0.1:3306 (root, empty password). With none of them the tests
 * fail with a message saying how to provide one; they never skip.
 */
public final class MySqlTestServer {

    private static final String LOCAL_URL = "jdbc:mysql://127.0.0.1:3306/";
    private static final String LOCAL_MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/";
    private static final DatabaseServer SERVER = new DatabaseServer("MySQL", MySqlTestServer::locate,
            "CREATE DATABASE %s CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", "DROP DATABASE IF EXISTS %s");

    private MySqlTestServer() {
    }

    /** Creates an empty database (utf8mb4) named after {@code purpose}, dropped when the JVM ends. */
    public static TestDatabase freshDatabase(String purpose) {
        return SERVER.freshDatabase(purpose);
    }

    private static DatabaseServer.Location locate() {
        String url = System.getenv("LATCHKEY_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return reachable(new DatabaseServer.Location(url, DatabaseServer.env("LATCHKEY_TEST_JDBC_USER", "root"),
                    DatabaseServer.env("LATCHKEY_TEST_JDBC_PASSWORD", ""), "LATCHKEY_TEST_JDBC_URL (" + url + ")"));
        }
        if (DatabaseServer.dockerAvailable()) {
            MySQLContainer container = new MySQLContainer("mysql:8.4");
            container.start();
            return reachable(new DatabaseServer.Location(DatabaseServer.withDatabase(container.getJdbcUrl(), ""),
                    "root", container.getPassword(), "Testcontainers mysql:8.4"));
        }
        DatabaseServer.Location local = reachable(new DatabaseServer.Location(LOCAL_URL, "root", "",
                "the local server on 127.0.0.1:3306"));
        return isMariaDb(local)
                ? new DatabaseServer.Location(LOCAL_MARIADB_URL, local.user(), local.password(), local.origin())
                : local;
    }

    /**
     * MariaDB 10.x announces itself as "5.5.5-…" to mysql-connector-j, which then drops fractional seconds;
     * such a server is reached through the MariaDB driver, as docs/operations.md tells operators to.
     */
    private static boolean isMariaDb(DatabaseServer.Location candidate) {
        try (Connection connection = DriverManager.getConnection(candidate.url(), candidate.user(), candidate.password());
             Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT VERSION()")) {
            return result.next() && result.getString(1).contains("MariaDB");
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the version of " + candidate.origin() + ": " + e, e);
        }
    }

    private static DatabaseServer.Location reachable(DatabaseServer.Location candidate) {
        try (Connection ignored = DriverManager.getConnection(candidate.url(), candidate.user(), candidate.password())) {
            return candidate;
        } catch (SQLException e) {
            throw new IllegalStateException("""
                    These tests need a MySQL 8 (or MariaDB 10.11) server and could not reach %s: %s
                    Provide one of:
                      - LATCHKEY_TEST_JDBC_URL=jdbc:mysql://host:3306/ (+ LATCHKEY_TEST_JDBC_USER, LATCHKEY_TEST_JDBC_PASSWORD),
                        a user allowed to CREATE DATABASE;
                      - a Docker engine, for Testcontainers to start mysql:8.4;
                      - a server on 127.0.0.1:3306 with user root and an empty password
                        (e.g. start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd).
                    """.formatted(candidate.origin(), e.getMessage()), e);
        }
    }
}
