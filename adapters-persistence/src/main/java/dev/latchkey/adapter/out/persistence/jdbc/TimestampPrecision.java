package dev.latchkey.adapter.out.persistence.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Every stored time keeps its microseconds, or the service does not start. Checked once at start, before the
 * migrations, by sending a time with microseconds through the driver and reading it back: what the driver and the
 * server do, not what their versions promise. MySQL's Connector/J sends times to MariaDB 10.x (which it takes for
 * MySQL 5.5.5) without their fractions, in every statement, whatever its settings; the MariaDB driver keeps them.
 */
final class TimestampPrecision {

    /** A time with every microsecond digit set. */
    static final LocalDateTime PROBE = LocalDateTime.of(2001, 2, 3, 4, 5, 6, 123_456_000);

    private TimestampPrecision() {
    }

    /** Throws, with one line naming the URL to use where there is one, unless {@code dataSource} keeps microseconds. */
    static void require(DataSource dataSource, DatabaseVendor vendor) {
        try (Connection connection = dataSource.getConnection()) {
            require(connection, vendor);
        } catch (SQLException e) {
            throw new IllegalStateException("could not check the database's timestamp precision: " + e.getMessage(), e);
        }
    }

    static void require(Connection connection, DatabaseVendor vendor) throws SQLException {
        String type = vendor == DatabaseVendor.POSTGRESQL ? "TIMESTAMP(6)" : "DATETIME(6)";
        LocalDateTime back;
        try (PreparedStatement statement = connection.prepareStatement("SELECT CAST(? AS " + type + ")")) {
            statement.setObject(1, PROBE);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                back = result.getObject(1, LocalDateTime.class);
            }
        }
        if (!PROBE.equals(back)) {
            throw new IllegalStateException(refusal(connection.getMetaData().getURL(),
                    connection.getMetaData().getDatabaseProductVersion(), back));
        }
    }

    /** The one line of a refusal: no credentials or parameters of the URL in it. */
    static String refusal(String url, String serverVersion, LocalDateTime back) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:mysql://") && serverVersion != null && serverVersion.contains("MariaDB")) {
            return "datasources.default.url (DATASOURCES_DEFAULT_URL) reaches a MariaDB server through MySQL's"
                    + " Connector/J (jdbc:mysql:), which drops the fractions of a second of every time Latchkey"
                    + " stores: use " + "jdbc:mariadb://" + hostAndDatabase(url.substring("jdbc:mysql://".length()))
                    + " (the same URL with jdbc:mariadb:)";
        }
        return "datasources.default.url (DATASOURCES_DEFAULT_URL): the database gave back " + PROBE
                + " as " + back + "; Latchkey needs times kept to the microsecond (MariaDB: use a jdbc:mariadb:// URL)";
    }

    /** {@code host:port/database} of what follows {@code //}: without user, password or parameters. */
    private static String hostAndDatabase(String afterSlashes) {
        String path = afterSlashes.split("[?;]", 2)[0];
        return path.substring(path.lastIndexOf('@') + 1);
    }
}
