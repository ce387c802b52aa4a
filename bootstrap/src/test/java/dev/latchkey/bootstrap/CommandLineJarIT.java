package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's commands as a user runs them: what they print, their status, and what they leave behind. */
class CommandLineJarIT {

    @Test
    void helpAndVersionCreateNothingAndABadPrefixIsOneLine(@TempDir Path workDir) throws Exception {
        RunningJar.Completed help = RunningJar.runIn(workDir, Map.of(), "--help");
        RunningJar.Completed subHelp = RunningJar.runIn(workDir, Map.of(), "generate-key", "--help");
        RunningJar.Completed version = RunningJar.runIn(workDir, Map.of(), "version");
        RunningJar.Completed badPrefix = RunningJar.runIn(workDir, Map.of(), "generate-key", "--prefix", "BAD!");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("generate-key").contains("migrate").contains("serve");
        assertThat(subHelp.exitCode()).isZero();
        assertThat(subHelp.out()).contains("--prefix");
        assertThat(version.out()).matches("latchkey \\d+\\.\\d+\\.\\d+\\S* \\(Java .*\\)\\s*");
        assertThat(badPrefix.exitCode()).isEqualTo(2);
        assertThat(badPrefix.err().strip()).startsWith("latchkey generate-key: invalid --prefix").doesNotContain("\n");
        try (Stream<Path> left = Files.list(workDir)) {
            assertThat(left).as("--help, version and generate-key leave nothing behind (no ./data)").isEmpty();
        }
    }

    @Test
    void migrateCreatesTheSchemaOnMySqlAndExits(@TempDir Path workDir) throws Exception {
        TestDatabase database = MySqlTestServer.freshDatabase("migrate");
        Map<String, String> env = Map.of("DATASOURCES_DEFAULT_URL", database.url(),
                "DATASOURCES_DEFAULT_USERNAME", database.user(), "DATASOURCES_DEFAULT_PASSWORD", database.password(),
                "LATCHKEY_BOOTSTRAP_ADMIN_KEY", Application.newKey(dev.latchkey.domain.apikey.KeyPrefix.DEFAULT));

        RunningJar.Completed migrate = RunningJar.runIn(workDir, env, "migrate");

        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("up to date");
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             ResultSet tables = connection.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + database.name()
                             + "' AND table_name IN ('users', 'api_keys', 'audit_events', 'key_usage')");
             ResultSet users = connection.createStatement().executeQuery("SELECT COUNT(*) FROM users")) {
            tables.next();
            users.next();
            assertThat(tables.getInt(1)).isEqualTo(4);
            assertThat(users.getInt(1)).as("migrate starts nothing else: no bootstrap admin").isZero();
        }
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    @Test
    void migrateWithTheDatabaseDownIsOneLineAndStatus1(@TempDir Path workDir) throws Exception {
        Map<String, String> env = Map.of("DATASOURCES_DEFAULT_URL", "jdbc:mariadb://127.0.0.1:1/latchkey",
                "DATASOURCES_DEFAULT_USERNAME", "nobody", "DATASOURCES_DEFAULT_PASSWORD", "");

        RunningJar.Completed migrate = RunningJar.runIn(workDir, env, "migrate");

        assertThat(migrate.exitCode()).isEqualTo(1);
        assertThat(migrate.err().lines().filter(line -> line.startsWith("latchkey migrate: ")).count()).isOne();
        assertThat(migrate.err()).doesNotContain("\tat ");
    }
}
