package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The URL alone chooses the SQL; anything else is refused with what Latchkey runs on. */
class DatabaseVendorTest {

    @Test
    void theMySqlFamilyAndTheEmbeddedH2ShareOneDialect() {
        assertThat(DatabaseVendor.ofUrl("jdbc:mysql://db:3306/latchkey")).isEqualTo(DatabaseVendor.MYSQL);
        assertThat(DatabaseVendor.ofUrl("jdbc:mariadb://db:3306/latchkey?useBulkStmts=true"))
                .isEqualTo(DatabaseVendor.MYSQL);
        assertThat(DatabaseVendor.ofUrl("jdbc:h2:file:./data/latchkey;MODE=MySQL")).isEqualTo(DatabaseVendor.MYSQL);
    }

    @Test
    void postgreSqlHasItsOwn() {
        assertThat(DatabaseVendor.ofUrl("jdbc:postgresql://db:5432/latchkey?sslmode=require"))
                .isEqualTo(DatabaseVendor.POSTGRESQL);
        assertThat(DatabaseVendor.POSTGRESQL.migrationLocation()).isEqualTo("classpath:db/migration/postgresql");
        assertThat(DatabaseVendor.MYSQL.migrationLocation()).isEqualTo("classpath:db/migration/mysql");
    }

    @Test
    void anUnsupportedOrMissingUrlIsRefusedWithWhatIsSupported() {
        assertThatThrownBy(() -> DatabaseVendor.ofUrl("jdbc:sqlserver://db:1433;databaseName=latchkey"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlserver:")
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("databaseName");
        assertThatThrownBy(() -> DatabaseVendor.ofUrl(" ")).hasMessageContaining("DATASOURCES_DEFAULT_URL");
    }

    @Test
    void deletesInBoundedBatchesInEachDialect() {
        assertThat(DatabaseVendor.MYSQL.deleteAtMost("key_changes", "changed_at < ?", 5000))
                .isEqualTo("DELETE FROM key_changes WHERE changed_at < ? LIMIT 5000");
        assertThat(DatabaseVendor.POSTGRESQL.deleteAtMost("key_changes", "changed_at < ?", 5000))
                .isEqualTo("DELETE FROM key_changes WHERE ctid = ANY (ARRAY(SELECT ctid FROM key_changes"
                        + " WHERE changed_at < ? LIMIT 5000))");
    }
}
