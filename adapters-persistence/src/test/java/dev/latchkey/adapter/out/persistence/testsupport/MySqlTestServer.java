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
import org.testcontainers.mysql.MySQLContainer;

/**
 * The MySQL server persistence tests run against, and a fresh database on it per test class.
 * In order: the server in {@code LATCHKEY_TEST_JDBC_URL} (with {@code LATCHKEY_TEST_JDBC_USER} and
 * {@code LATCHKEY_TEST_JDBC_PASSWORD}); else Testcontainers MySQL when a Docker engine is available;
 * else a MySQL-compatible server on 127.0.0.1:3306 (root, empty password). With none of them the tests
 * fail with a message saying how to provide one; they never skip.
 */
public final class MySqlTestServer {

    private record Server(String url, String user, String password, String origin) {
    }

    private static final String LOCAL_URL = "jdbc:mysql://127.0.0.1:3306/";
    private static final String LOCAL_MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/";
    private static Server server;
    private static final List<String> created = new ArrayList<>();

    private MySqlTestServer() {
    }

    /** Creates an empty database (utf8mb4) named after {@code purpose}, dropped when the JVM ends. */
    public static synchronized TestDatabase freshDatabase(String purpose) {
        Server target = server();
        String name = ("lk_" + purpose.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT) + "_"
                + UUID.randomUUID().toString().substring(0, 8));
        name = name.length() > 60 ? name.substring(0, 60) : name;
        try (Connection connection = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database on " + target.origin() + ": " + e, e);
        }
        created.add(name);
        return new TestDatabase(withDatabase(target.url(), name), target.user(), target.password(), name);
    }

    private static Server server() {
        if (server == null) {
            server = locate();
            System.out.println("[latchkey tests] MySQL server: " + server.origin() + " via " + server.url());
            Server located = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(located)));
        }
        return server;
    }

    private static Server locate() {
        String url = System.getenv("LATCHKEY_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return reachable(new Server(url, env("LATCHKEY_TEST_JDBC_USER", "root"),
                    env("LATCHKEY_TEST_JDBC_PASSWORD", ""), "LATCHKEY_TEST_JDBC_URL (" + url + ")"));
        }
        if (dockerAvailable()) {
            MySQLContainer container = new MySQLContainer("mysql:8.4");
            container.start();
            return reachable(new Server(withDatabase(container.getJdbcUrl(), ""), "root", container.getPassword(),
                    "Testcontainers mysql:8.4"));
        }
        Server local = reachable(new Server(LOCAL_URL, "root", "", "the local server on 127.0.0.1:3306"));
        return isMariaDb(local) ? new Server(LOCAL_MARIADB_URL, local.user(), local.password(), local.origin()) : local;
    }

    /**
     * MariaDB 10.x announces itself as "5.5.5-…" to mysql-connector-j, which then drops fractional seconds;
     * such a server is reached through the MariaDB driver, as the README tells operators to.
     */
    private static boolean isMariaDb(Server candidate) {
        try (Connection connection = DriverManager.getConnection(candidate.url(), candidate.user(), candidate.password());
             Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT VERSION()")) {
            return result.next() && result.getString(1).contains("MariaDB");
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the version of " + candidate.origin() + ": " + e, e);
        }
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

    private static void dropCreated(Server target) {
        try (Connection connection = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement statement = connection.createStatement()) {
            for (String name : created) {
                statement.execute("DROP DATABASE IF EXISTS " + name);
            }
        } catch (SQLException e) {
            System.err.println("could not drop test databases " + created + ": " + e.getMessage());
        }
    }

    /** {@code url} with its database path replaced by {@code database}, its parameters kept. */
    static String withDatabase(String url, String database) {
        int schemeEnd = url.indexOf("//") + 2;
        int pathStart = url.indexOf('/', schemeEnd);
        int query = url.indexOf('?', schemeEnd);
        String hostPart = pathStart < 0 ? (query < 0 ? url : url.substring(0, query))
                : url.substring(0, pathStart);
        String params = query < 0 ? "" : url.substring(query);
        return hostPart + "/" + database + params;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
