package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database's directory is the owner's alone, created so before H2 would create it world-readable. */
class EmbeddedDatabaseDirectoryTest {

    @Test
    void theDirectoryOfAFileBackedH2UrlIsFoundAndOthersHaveNone() {
        assertThat(EmbeddedDatabaseDirectory.directoryOf("jdbc:h2:file:./data/latchkey;MODE=MySQL;WRITE_DELAY=0"))
                .hasValue(Path.of("data").toAbsolutePath());
        assertThat(EmbeddedDatabaseDirectory.directoryOf("jdbc:h2:file:/var/lib/latchkey/db"))
                .hasValue(Path.of("/var/lib/latchkey"));
        assertThat(EmbeddedDatabaseDirectory.directoryOf("jdbc:h2:mem:test;MODE=MySQL")).isEmpty();
        assertThat(EmbeddedDatabaseDirectory.directoryOf("jdbc:mariadb://127.0.0.1:3306/latchkey")).isEmpty();
    }

    @Test
    void aMissingDirectoryIsCreatedForTheOwnerAloneAnExistingOneIsLeftAsItIs(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");

        EmbeddedDatabaseDirectory.create(EmbeddedDatabaseDirectory.directoryOf("jdbc:h2:file:" + data.resolve("db")
                + ";MODE=MySQL").orElseThrow());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));
        EmbeddedDatabaseDirectory.create(shared);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-x---");
    }
}
