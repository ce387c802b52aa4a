package dev.latchkey.adapter.out.persistence.jdbc;

import java.util.Locale;

/**
 * The SQL a database speaks, read from the JDBC URL alone ({@code datasources.default.url}): the repositories' dialect,
 * the Flyway migrations and the few statements written by hand follow it, so there is no second setting to forget.
 * MySQL, MariaDB and the embedded H2 (in MySQL mode) share one; PostgreSQL has its own.
 */
enum DatabaseVendor {

    /** MySQL 8, MariaDB 10.11 and H2 in MySQL mode: {@code jdbc:mysql:}, {@code jdbc:mariadb:}, {@code jdbc:h2:}. */
    MYSQL("mysql"),
    /** PostgreSQL: {@code jdbc:postgresql:}. */
    POSTGRESQL("postgresql");

    /** The URLs of the MySQL family, as a {@code @Requires(pattern)}. */
    static final String MYSQL_URLS = "jdbc:(mysql|mariadb|h2):.*";
    /** The URLs of PostgreSQL, as a {@code @Requires(pattern)}. */
    static final String POSTGRESQL_URLS = "jdbc:postgresql:.*";
    static final String URL_PROPERTY = "datasources.default.url";

    private final String migrations;

    DatabaseVendor(String migrations) {
        this.migrations = migrations;
    }

    /** The vendor of {@code url}; an unsupported URL is refused with the ones Latchkey takes. */
    static DatabaseVendor ofUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("datasources.default.url (DATASOURCES_DEFAULT_URL) is not set");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.matches(MYSQL_URLS)) {
            return MYSQL;
        }
        if (lower.matches(POSTGRESQL_URLS)) {
            return POSTGRESQL;
        }
        String scheme = url.indexOf(':', 5) > 0 ? url.substring(0, url.indexOf(':', 5) + 1) : url;
        throw new IllegalArgumentException("datasources.default.url (DATASOURCES_DEFAULT_URL) names an unsupported"
                + " database (" + scheme + "): Latchkey runs on jdbc:mysql:, jdbc:mariadb:, jdbc:postgresql:"
                + " and the embedded jdbc:h2:");
    }

    /** Where this vendor's Flyway migrations are, on the classpath. */
    String migrationLocation() {
        return "classpath:db/migration/" + migrations;
    }

    /**
     * Deletes at most {@code batch} rows of {@code table} matching {@code condition}: MySQL takes a {@code LIMIT} on
     * {@code DELETE}; PostgreSQL deletes the rows a limited sub-select names by their physical address.
     */
    String deleteAtMost(String table, String condition, int batch) {
        return switch (this) {
            case MYSQL -> "DELETE FROM " + table + " WHERE " + condition + " LIMIT " + batch;
            case POSTGRESQL -> "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
                    + " WHERE " + condition + " LIMIT " + batch + "))";
        };
    }
}
