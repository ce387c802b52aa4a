package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PepperTest {

    private final Pepper.PepperFactory factory = new Pepper.PepperFactory();

    @Test
    void usesTheConfiguredPepper() {
        String configured = "a-configured-pepper-of-more-than-32-bytes";

        assertThat(factory.pepper(configured, "unused").bytes()).isEqualTo(configured.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesAShortConfiguredPepper() {
        assertThatThrownBy(() -> factory.pepper("short", "unused")).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void createsAPrivatePepperFileOnceAndReusesIt(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("latchkey/data");

        byte[] first = factory.pepper(null, dataDir.toString()).bytes();
        byte[] second = factory.pepper("", dataDir.toString()).bytes();

        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("pepper"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(file -> file.getFileName().toString())).as("nothing left beside it")
                    .containsExactly("pepper");
        }
    }

    @Test
    void aPepperFileThatAppearedMeanwhileIsKept(@TempDir Path dir) throws Exception {
        Path dataDir = Files.createDirectory(dir.resolve("data"));
        String theirs = "a-pepper-another-process-wrote-first-000000";
        Files.writeString(dataDir.resolve("pepper"), theirs);

        assertThat(factory.pepper(null, dataDir.toString()).bytes()).isEqualTo(theirs.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePepperNeverPrintsItself() {
        assertThat(factory.pepper("a-configured-pepper-of-more-than-32-bytes", "x").toString())
                .isEqualTo("Pepper[redacted]");
    }
}
