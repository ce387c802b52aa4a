package dev.latchkey.adapter.out.accounting.verificationlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationLogTargetTest {

    @Test
    void readsOffStdoutAndAFile() {
        assertThat(VerificationLogTarget.parse("off")).isEqualTo(new VerificationLogTarget.Off());
        assertThat(VerificationLogTarget.parse(" OFF ")).isEqualTo(new VerificationLogTarget.Off());
        assertThat(VerificationLogTarget.parse("")).isEqualTo(new VerificationLogTarget.Off());
        assertThat(VerificationLogTarget.parse("stdout")).isEqualTo(new VerificationLogTarget.Stdout());
        assertThat(VerificationLogTarget.parse("file:/var/log/latchkey/verifications.log"))
                .isEqualTo(new VerificationLogTarget.File(Path.of("/var/log/latchkey/verifications.log")));
        assertThat(VerificationLogTarget.parse("file:logs/v.log"))
                .isEqualTo(new VerificationLogTarget.File(Path.of("logs/v.log").toAbsolutePath()));
        assertThat(VerificationLogTarget.isOff(null)).isTrue();
        assertThat(VerificationLogTarget.isOff("Off")).isTrue();
        assertThat(VerificationLogTarget.isOff("stdout")).isFalse();
    }

    @Test
    void refusesAnythingElseNamingTheSettingAndWhatItMayBe() {
        assertThatThrownBy(() -> VerificationLogTarget.parse("syslog"))
                .hasMessage("latchkey.verification-log (LATCHKEY_VERIFICATION_LOG) must be off, stdout or file:/path,"
                        + " not 'syslog'");
        assertThatThrownBy(() -> VerificationLogTarget.parse("/var/log/v.log"))
                .hasMessageContaining("must be off, stdout or file:/path, not '/var/log/v.log'");
        assertThatThrownBy(() -> VerificationLogTarget.parse("file:  "))
                .hasMessageContaining("file: needs a path");
        assertThatThrownBy(() -> VerificationLogTarget.parse("false"))
                .as("YAML reads an unquoted off as false").hasMessageContaining("quote it");
    }

    @Test
    void appendsToAFileThatExistsAndCreatesOneThatDoesNot(@TempDir Path dir) throws Exception {
        Path existing = dir.resolve("existing.log");
        Files.writeString(existing, "kept\n");
        try (OutputStream out = VerificationLogTarget.open(new VerificationLogTarget.File(existing))) {
            out.write("added\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(Files.readString(existing)).isEqualTo("kept\nadded\n");

        Path fresh = dir.resolve("fresh.log");
        VerificationLogTarget.open(new VerificationLogTarget.File(fresh)).close();
        assertThat(fresh).exists();
    }

    @Test
    void aFileThatCannotBeOpenedIsOneLineNamingIt(@TempDir Path dir) {
        Path missingDirectory = dir.resolve("missing/verifications.log");
        assertThatThrownBy(() -> VerificationLogTarget.open(new VerificationLogTarget.File(missingDirectory)))
                .isInstanceOf(IllegalStateException.class).hasNoCause()
                .hasMessage("latchkey.verification-log (LATCHKEY_VERIFICATION_LOG): cannot open " + missingDirectory
                        + " (No such file or directory) for appending");
        assertThatThrownBy(() -> VerificationLogTarget.open(new VerificationLogTarget.File(dir)))
                .hasMessageContaining("cannot open " + dir + " (Is a directory)");
    }
}
