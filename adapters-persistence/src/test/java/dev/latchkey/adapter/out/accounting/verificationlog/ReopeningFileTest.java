package dev.latchkey.adapter.out.accounting.verificationlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log rotation: a file moved away (logrotate's default) or truncated in place (copytruncate) loses nothing. */
class ReopeningFileTest {

    private static void write(OutputStream out, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    @Test
    void opensTheFileAgainOnceItWasMovedAwayOrDeleted(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("verifications.log");
        Path rotated = dir.resolve("verifications.log.1");
        try (OutputStream out = VerificationLogTarget.open(new VerificationLogTarget.File(log), Duration.ZERO)) {
            write(out, "one\n");
            Files.move(log, rotated, StandardCopyOption.ATOMIC_MOVE);
            write(out, "two\n");
            assertThat(Files.readString(log)).isEqualTo("two\n");
            Files.delete(log);
            write(out, "three\n");
        }

        assertThat(Files.readString(rotated)).isEqualTo("one\n");
        assertThat(Files.readString(log)).isEqualTo("three\n");
    }

    @Test
    void keepsWritingAtTheEndOfAFileTruncatedInPlace(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("verifications.log");
        try (OutputStream out = VerificationLogTarget.open(new VerificationLogTarget.File(log), Duration.ZERO)) {
            write(out, "one\n");
            Files.write(log, new byte[0]); // copytruncate: the same file, emptied
            write(out, "two\n");
        }

        assertThat(Files.readString(log)).as("no hole of zeros before it").isEqualTo("two\n");
    }
}
