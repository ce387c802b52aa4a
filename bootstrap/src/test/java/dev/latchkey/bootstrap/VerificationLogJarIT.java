package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.domain.apikey.ApiKeyToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code LATCHKEY_VERIFICATION_LOG} in the packaged jar: SIGTERM writes every line; stdout; a bad path. */
class VerificationLogJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyVerificationIsInTheFileOnceSigtermReturns(@TempDir Path workDir) throws Exception {
        String adminKey = RunningJar.generateKey();
        String keyId = ApiKeyToken.parse(adminKey).orElseThrow().keyId().value();
        Path file = workDir.resolve("verifications.log");
        int verifications = 2_000;
        try (RunningJar jar = RunningJar.start(workDir, Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey,
                "LATCHKEY_VERIFICATION_LOG", "file:" + file))) {
            for (int i = 0; i < verifications; i++) {
                assertThat(jar.api.get("/v1/auth", "X-API-Key", adminKey).status()).isEqualTo(200);
            }
        } // SIGTERM, and waits for the exit

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(verifications);
        for (String line : lines) {
            JsonNode parsed = JSON.readTree(line);
            assertThat(parsed.get("keyId").asText()).isEqualTo(keyId);
            assertThat(parsed.get("code").asText()).isEqualTo("VALID");
        }
        assertThat(Files.readString(file)).doesNotContain(adminKey);
    }

    @Test
    void onStandardOutputEachLineIsWholeBetweenTheLogLines(@TempDir Path workDir) throws Exception {
        String adminKey = RunningJar.generateKey();
        String output;
        try (RunningJar jar = RunningJar.start(workDir, Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey,
                "LATCHKEY_VERIFICATION_LOG", "stdout"))) {
            for (int i = 0; i < 100; i++) {
                assertThat(jar.api.get("/v1/auth", "X-API-Key", adminKey).status()).isEqualTo(200);
            }
            jar.close();
            output = jar.log();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).hasSize(100).allSatisfy(line -> assertThat(line.get("code").asText()).isEqualTo("VALID"));
        assertThat(output).doesNotContain(adminKey);
    }

    @Test
    void aFileThatCannotBeOpenedOrNoQueueStopsTheStartWithOneLineNamingIt(@TempDir Path workDir) throws Exception {
        Path missing = workDir.resolve("no-such-dir/verifications.log");
        RunningJar.Completed refused = RunningJar.runIn(workDir, Map.of("LATCHKEY_VERIFICATION_LOG",
                "file:" + missing));

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("latchkey.verification-log (LATCHKEY_VERIFICATION_LOG):"
                + " cannot open " + missing + " (No such file or directory) for appending");

        RunningJar.Completed noQueue = RunningJar.runIn(workDir, Map.of("LATCHKEY_VERIFICATION_LOG",
                "file:" + workDir.resolve("verifications.log"), "LATCHKEY_VERIFICATION_LOG_QUEUE_CAPACITY", "0"));
        assertThat(noQueue.exitCode()).isNotZero();
        assertThat(noQueue.out() + noQueue.err())
                .contains("latchkey.verification-log-queue-capacity must be at least 1, not 0");
    }
}
