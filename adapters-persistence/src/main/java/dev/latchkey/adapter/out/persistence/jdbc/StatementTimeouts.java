package dev.latchkey.adapter.out.persistence.jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How each database stops a statement that runs too long, on the server: the statement fails with an error (a slow
 * statement, see {@link SqlErrors#isSlowStatement}) and its connection stays usable, unlike a client's read timeout,
 * which cannot tell a slow statement from a lost database and closes the connection.
 * <ul>
 *   <li>MariaDB: {@code max_statement_time} (seconds, with fractions), lock waits included.
 *   <li>MySQL ({@code jdbc:mysql:}): {@code innodb_lock_wait_timeout} (whole seconds, rounded up) for a statement
 *   waiting on a row lock, set as the connection opens (MySQL's {@code max_execution_time} would stop a
 *   {@code jdbc:mysql:} URL to a MariaDB server with "unknown system variable" before the start can name the URL to
 *   use, see {@link TimestampPrecision}). A read that runs longer than the read timeout there is still taken for a
 *   lost database.
 *   <li>PostgreSQL: {@code statement_timeout} (milliseconds), lock waits included.
 *   <li>The embedded H2: none (no network, nothing but its own lock timeout to wait on).
 * </ul>
 */
final class StatementTimeouts {

    private StatementTimeouts() {
    }

    /** The driver properties that give every connection of {@code url} the statement timeout {@code timeout}. */
    static Map<String, String> driverProperties(String url, Duration timeout) {
        if (url.startsWith("jdbc:mariadb:")) {
            return Map.of("sessionVariables", "max_statement_time=" + seconds(timeout));
        }
        if (url.startsWith("jdbc:mysql:")) {
            return Map.of("sessionVariables", "innodb_lock_wait_timeout=" + wholeSeconds(timeout));
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Map.of("options", "-c statement_timeout=" + timeout.toMillis());
        }
        return Map.of();
    }

    /**
     * The statement that sets the statement timeout of an open connection to {@code timeout}, by the database's
     * product name as its driver reports it; none for H2.
     */
    static Optional<String> setting(String databaseProduct, Duration timeout) {
        return switch (databaseProduct) {
            case "MariaDB" -> Optional.of("SET SESSION max_statement_time = " + seconds(timeout));
            case "MySQL" -> Optional.of("SET SESSION innodb_lock_wait_timeout = " + wholeSeconds(timeout));
            case "PostgreSQL" -> Optional.of("SET statement_timeout = " + timeout.toMillis());
            default -> Optional.empty();
        };
    }

    /**
     * The statement that gives an open connection the server's own statement timeout (none, by default). PostgreSQL
     * takes its DEFAULT from the connection's options, the request timeout: there it is 0, none.
     */
    static Optional<String> serverDefault(String databaseProduct) {
        return switch (databaseProduct) {
            case "MariaDB" -> Optional.of("SET SESSION max_statement_time = DEFAULT");
            case "MySQL" -> Optional.of("SET SESSION innodb_lock_wait_timeout = DEFAULT");
            case "PostgreSQL" -> Optional.of("SET statement_timeout = 0");
            default -> Optional.empty();
        };
    }

    private static String seconds(Duration timeout) {
        return java.math.BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static long wholeSeconds(Duration timeout) {
        return Math.max(1, (timeout.toMillis() + 999) / 1000);
    }
}
