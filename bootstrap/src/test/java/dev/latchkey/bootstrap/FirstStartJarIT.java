package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A first start, as a newcomer makes it, logs nothing at WARN or above but the notice that the pepper was generated:
 * on the embedded default, and on a fresh database of each server (MariaDB's notes that named primary keys are
 * called PRIMARY included, once a line per table).
 */
class FirstStartJarIT {

    private static final String PEPPER_NOTICE = "LATCHKEY_PEPPER is not set";

    @Test
    void theEmbeddedDefaultWarnsOnlyOfThePepper(@TempDir Path workDir) throws Exception {
        assertOnlyThePepperNoticeOnFirstStart(workDir, Map.of());
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aFreshDatabaseWarnsOnlyOfThePepper(TestServer server, @TempDir Path workDir) throws Exception {
        TestDatabase database = server.freshDatabase("first_start");
        assertOnlyThePepperNoticeOnFirstStart(workDir, Map.of(
                "DATASOURCES_DEFAULT_URL", database.url(),
                "DATASOURCES_DEFAULT_USERNAME", database.user(),
                "DATASOURCES_DEFAULT_PASSWORD", database.password()));
    }

    private static void assertOnlyThePepperNoticeOnFirstStart(Path workDir, Map<String, String> env) throws Exception {
        String log;
        try (RunningJar jar = RunningJar.start(workDir, env)) {
            assertThat(jar.api.get("/health").field("status")).isEqualTo("UP");
            jar.api.get("/v1/me", "X-API-Key", "lk_garbage").isProblem(401, "malformed_key");
            log = jar.log();
        }
        List<String> loud = log.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
        assertThat(loud).as(log).singleElement().asString().contains(PEPPER_NOTICE);
    }
}
