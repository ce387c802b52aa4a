package dev.latchkey.adapter.out.persistence.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;

/**
 * One test server, located on first use, and the databases the tests create on it (one per test class, named after
 * its purpose), dropped when the JVM ends: what {@link MySqlTestServer} and {@link PostgreSqlTestServer} share.
 */
final class DatabaseServer {

    /** Where a server is and how it was found ({@code origin}, for messages). */
    record Location(String url, String user, String password, String origin) {
    }

    private final String product;
    private final Supplier<Location> locator;
    private final String createStatement;
    private final String dropStatement;
    private final List<String> created = new ArrayList<>();
    private Location location;

    /**
     * @param createStatement the statement that creates database {@code %s}
     * @param dropStatement   the statement that drops database {@code %s}
     */
    DatabaseServer(String product, Supplier<Location> locator, String createStatement, String dropStatement) {
        this.product = product;
        this.locator = locator;
        this.createStatement = createStatement;
        this.dropStatement = dropStatement;
    }

    /** Creates an empty database named after {@code purpose} on the server, dropped when the JVM ends. */
    synchronized TestDatabase freshDatabase(String purpose) {
        Location target = location();
        String name = ("lk_" + purpose.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT) + "_"
                + UUID.randomUUID().toString().substring(0, 8));
        name = name.length() > 60 ? name.substring(0, 60) : name;
        try (Connection connection = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement statement = connection.createStatement()) {
            statement.execute(createStatement.formatted(name));
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database on " + target.origin() + ": " + e, e);
        }
        created.add(name);
        return new TestDatabase(withDatabase(target.url(), name), target.user(), target.password(), name);
    }

    private Location location() {
        if (location == null) {
            location = locator.get();
            System.out.println("[latchkey tests] " + product + " server: " + location.origin() + " via "
                    + location.url());
            Location located = location;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(located)));
        }
        return location;
    }

    private synchronized void dropCreated(Location target) {
        try (Connection connection = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement statement = connection.createStatement()) {
            for (String name : created) {
                statement.execute(dropStatement.formatted(name));
            }
        } catch (SQLException e) {
            System.err.println("could not drop test databases " + created + ": " + e.getMessage());
        }
    }

    /** The environment variable {@code name}, or {@code fallback} when it is not set. */
    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** Whether Testcontainers can start a server here. */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
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
}
