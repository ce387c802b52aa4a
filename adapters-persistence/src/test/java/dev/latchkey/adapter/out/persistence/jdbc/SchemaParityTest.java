package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.PostgreSqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The migrations of each vendor build the same schema: the same versions, tables, columns (names, order, nullability,
 * text lengths), primary keys and indexes (names and columns). A column or index added to one folder only fails here.
 */
class SchemaParityTest {

    private static final String MYSQL_COLUMNS = """
            SELECT table_name, column_name, is_nullable, character_maximum_length, data_type FROM information_schema.columns
            WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history'
            ORDER BY table_name, ordinal_position""";
    private static final String POSTGRESQL_COLUMNS = """
            SELECT table_name, column_name, is_nullable, character_maximum_length, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name <> 'flyway_schema_history'
            ORDER BY table_name, ordinal_position""";
    private static final String MYSQL_INDEXES = """
            SELECT table_name, index_name, column_name FROM information_schema.statistics
            WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history'
            ORDER BY table_name, index_name, seq_in_index""";
    private static final String POSTGRESQL_INDEXES = """
            SELECT t.relname, CASE WHEN x.indisprimary THEN 'PRIMARY' ELSE i.relname END, a.attname
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, position) ON TRUE
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE n.nspname = current_schema() AND t.relname <> 'flyway_schema_history'
            ORDER BY 1, 2, k.position""";
    private static final String VERSIONS = "SELECT version, description FROM flyway_schema_history"
            + " WHERE success = TRUE ORDER BY installed_rank";
    private static final String CHECKSUMS = "SELECT script, checksum FROM flyway_schema_history"
            + " WHERE success = TRUE ORDER BY installed_rank";

    private static final Map<String, Integer> RELEASED_MYSQL_CHECKSUMS = new java.util.LinkedHashMap<>();

    static {
        RELEASED_MYSQL_CHECKSUMS.put("V1__users_and_api_keys.sql", 1316184081);
        RELEASED_MYSQL_CHECKSUMS.put("V2__key_meta_and_rotation.sql", 1269934412);
        RELEASED_MYSQL_CHECKSUMS.put("V3__key_changes.sql", -201892391);
        RELEASED_MYSQL_CHECKSUMS.put("V4__key_limits.sql", 1294763333);
        RELEASED_MYSQL_CHECKSUMS.put("V5__audit_and_usage.sql", 316649246);
    }

    private static Schema mysql;
    private static Schema postgresql;

    @BeforeAll
    static void migrateBoth() throws SQLException {
        mysql = migrate(MySqlTestServer.freshDatabase("parity"), DatabaseVendor.MYSQL, MYSQL_COLUMNS, MYSQL_INDEXES);
        postgresql = migrate(PostgreSqlTestServer.freshDatabase("parity"), DatabaseVendor.POSTGRESQL,
                POSTGRESQL_COLUMNS, POSTGRESQL_INDEXES);
    }

    @Test
    void theSameMigrationsInTheSameOrder() {
        assertThat(postgresql.versions()).isNotEmpty().isEqualTo(mysql.versions());
    }

    /**
     * Databases migrated by earlier releases hold these checksums (the MySQL-family migrations moved from
     * {@code db/migration} to {@code db/migration/mysql} unchanged): an edit to a released migration would make Flyway
     * refuse to start on every one of them.
     */
    @Test
    void releasedMigrationsAreNeverEdited() {
        assertThat(mysql.checksums()).containsAllEntriesOf(RELEASED_MYSQL_CHECKSUMS);
    }

    @Test
    void theSameTablesAndColumns() {
        assertThat(postgresql.columns()).containsOnlyKeys(mysql.columns().keySet());
        assertThat(postgresql.columns()).isEqualTo(mysql.columns());
    }

    @Test
    void theSamePrimaryKeysUniqueConstraintsAndIndexes() {
        Map<String, List<String>> expected = new TreeMap<>(mysql.indexes());
        // one deliberate difference: PostgreSQL (a heap table) keeps verification_summaries keyed by their unique key,
        // one B-tree fewer (V11: 242 against 324 bytes a row); InnoDB keeps its clustered auto-increment id, written
        // in order, and the unique key beside it
        expected.put("verification_summaries.primary", expected.remove("verification_summaries.uq_verification_summaries"));
        assertThat(postgresql.indexes()).isEqualTo(expected);
    }

    /** What both schemas must agree on, in comparable form. */
    private record Schema(List<String> versions, Map<String, Integer> checksums, Map<String, List<String>> columns,
                          Map<String, List<String>> indexes) {
    }

    private static Schema migrate(TestDatabase database, DatabaseVendor vendor, String columnsQuery,
                                  String indexesQuery) throws SQLException {
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(database.url(), database.user(), database.password());
        new VendorMigrations(vendor, new DatasourceTuning(java.time.Duration.ofSeconds(1)))
                .customizeFluentConfiguration(flyway);
        flyway.load().migrate();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
                database.password())) {
            List<String> versions = new ArrayList<>();
            read(connection, VERSIONS, row -> versions.add(row.getString(1) + " " + row.getString(2)));
            Map<String, Integer> checksums = new java.util.LinkedHashMap<>();
            read(connection, CHECKSUMS, row -> checksums.put(row.getString(1), row.getInt(2)));
            Map<String, List<String>> columns = new TreeMap<>();
            read(connection, columnsQuery, row -> columns.computeIfAbsent(row.getString(1).toLowerCase(), t -> new ArrayList<>())
                    .add(column(row)));
            Map<String, List<String>> indexes = new TreeMap<>();
            read(connection, indexesQuery, row -> indexes.computeIfAbsent(
                    row.getString(1).toLowerCase() + "." + row.getString(2).toLowerCase(), i -> new ArrayList<>())
                    .add(row.getString(3).toLowerCase()));
            return new Schema(versions, checksums, columns, indexes);
        }
    }

    /** A column as both can state it: its name, nullability, and the length of a short text (CHAR, VARCHAR). */
    private static String column(ResultSet row) throws SQLException {
        String type = row.getString(5).toLowerCase();
        boolean shortText = type.equals("char") || type.equals("varchar") || type.startsWith("character");
        return row.getString(2).toLowerCase() + " " + ("YES".equals(row.getString(3)) ? "null" : "not null")
                + (shortText ? " text(" + row.getLong(4) + ")" : "");
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void read(Connection connection, String sql, RowReader reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }
}
