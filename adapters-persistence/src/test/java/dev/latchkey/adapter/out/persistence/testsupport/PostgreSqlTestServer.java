package dev.latchkey.adapter.out.persistence.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server persistence tests run against, and a fresh database on it per test class.
 * In order: the server in {@code LATCHKEY_TEST_PG_URL} (with {@code LATCHKEY_TEST_PG_USER} and
 * {@code LATCHKEY_TEST_PG_PASSWORD}); else Testcontainers {@code postgres:17} when a Docker engine is available;
 * else a server on 127.0.0.1:5432 (user postgres, else root, no password; database test). With none of them the
 * tests fail with a message saying how to provide one; they never skip.
 */
public final class PostgreSqlTestServer {

    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final List<String> LOCAL_USERS = List.of("postgres", "root");
    private static final DatabaseServer SERVER = new DatabaseServer("PostgreSQL", PostgreSqlTestServer::locate,
            "CREATE DATABASE %s ENCODING 'UTF8' TEMPLATE template0", "DROP DATABASE IF EXISTS %s WITH (FORCE)");

    private PostgreSqlTestServer() {
    }

    /** Creates an empty UTF-8 database named after {@code purpose}, dropped when the JVM ends. */
    public static TestDatabase freshDatabase(String purpose) {
        return SERVER.freshDatabase(purpose);
    }

    private static DatabaseServer.Location locate() {
        String url = System.getenv("LATCHKEY_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return reachable(new DatabaseServer.Location(url, DatabaseServer.env("LATCHKEY_TEST_PG_USER", "postgres"),
                    DatabaseServer.env("LATCHKEY_TEST_PG_PASSWORD", ""), "LATCHKEY_TEST_PG_URL (" + url + ")"));
        }
        if (DatabaseServer.dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
            container.start();
            return reachable(new DatabaseServer.Location(container.getJdbcUrl(), container.getUsername(),
                    container.getPassword(), "Testcontainers postgres:17"));
        }
        SQLException refused = null;
        for (String user : LOCAL_USERS) {
            DatabaseServer.Location local = new DatabaseServer.Location(LOCAL_URL, user, "",
                    "the local server on 127.0.0.1:5432 as " + user);
            try (Connection ignored = DriverManager.getConnection(local.url(), local.user(), local.password())) {
                return local;
            } catch (SQLException e) {
                refused = e;
            }
        }
        throw unreachable("the local server on 127.0.0.1:5432 (users " + LOCAL_USERS + ", database test)", refused);
    }

    private static DatabaseServer.Location reachable(DatabaseServer.Location candidate) {
        try (Connection ignored = DriverManager.getConnection(candidate.url(), candidate.user(), candidate.password())) {
            return candidate;
        } catch (SQLException e) {
            throw unreachable(candidate.origin(), e);
        }
    }

    private static IllegalStateException unreachable(String origin, SQLException e) {
        return new IllegalStateException("""
                These tests need a PostgreSQL server and could not reach %s: %s
                Provide one of:
                  - LATCHKEY_TEST_PG_URL=jdbc:postgresql://host:5432/postgres (+ LATCHKEY_TEST_PG_USER,
                    LATCHKEY_TEST_PG_PASSWORD), a user allowed to CREATE DATABASE;
                  - a Docker engine, for Testcontainers to start postgres:17;
                  - a server on 127.0.0.1:5432 with a database test and user postgres (or root) that needs no password
                    (e.g. pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start).
                """.formatted(origin, e == null ? "no answer" : e.getMessage()), e);
    }
}
