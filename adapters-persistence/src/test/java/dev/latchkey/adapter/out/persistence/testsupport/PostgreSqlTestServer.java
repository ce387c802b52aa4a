package dev.latchkey.adapter.out.persistence.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server persistence tests run against, and a fresh database on it per test class.
 * In order: the server in {@code LATCHKEY_TEST_PG_URL} (with {@code LATCHKEY_TEST_PG_USER} and
 * {@code LATCHKEY_TEST_PG_PASSWORD}); else Testcontainers {@code postgres:17} when a Docker engine is available;
 * else a server on 127.0.0.1:5432 (user postgres, else root, no password; database test). With none of them the
 * tests fail with a message saying how to provide one; they never skip.
 */
public final class PostgreSqlTestServer {

    private record Server(String url, String user, String password, String origin) {
    }

    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final List<String> LOCAL_USERS = List.of("postgres", "root");
    private static Server server;
    private static final List<String> created = new ArrayList<>();

    private PostgreSqlTestServer() {
    }

    /** Creates an empty UTF-8 database named after {@code purpose}, dropped when the JVM ends. */
    public static synchronized TestDatabase freshDatabase(String purpose) {
        Server target = server();
        String name = ("lk_" + purpose.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT) + "_"
                + UUID.randomUUID().toString().substring(0, 8));
        name = name.length() > 60 ? name.substring(0, 60) : name;
        try (Connection connection = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database on " + target.origin() + ": " + e, e);
        }
        created.add(name);
        return new TestDatabase(MySqlTestServer.withDatabase(target.url(), name), target.user(), target.password(),
                name);
    }

    private static Server server() {
        if (server == null) {
            server = locate();
            System.out.println("[latchkey tests] PostgreSQL server: " + server.origin() + " via " + server.url());
            Server located = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(located)));
        }
        return server;
    }

    private static Server locate() {
        String url = System.getenv("LATCHKEY_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return reachable(new Server(url, env("LATCHKEY_TEST_PG_USER", "postgres"),
                    env("LATCHKEY_TEST_PG_PASSWORD", ""), "LATCHKEY_TEST_PG_URL (" + url + ")"));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
            container.start();
            return reachable(new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers postgres:17"));
        }
        SQLException refused = null;
        for (String user : LOCAL_USERS) {
            Server local = new Server(LOCAL_URL, user, "", "the local server on 127.0.0.1:5432 as " + user);
            try (Connection ignored = DriverManager.getConnection(local.url(), local.user(), local.password())) {
                return local;
            } catch (SQLException e) {
                refused = e;
            }
        }
        throw unreachable("the local server on 127.0.0.1:5432 (users " + LOCAL_USERS + ", database test)", refused);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Server reachable(Server candidate) {
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

    private static void dropCreated(Server target) {
        try (Connection connection = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement statement = connection.createStatement()) {
            for (String name : created) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("could not drop test databases " + created + ": " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
