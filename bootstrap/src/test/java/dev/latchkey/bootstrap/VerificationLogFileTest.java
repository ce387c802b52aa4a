package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.accounting.verificationlog.VerificationLog;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LATCHKEY_VERIFICATION_LOG} in the running service: with {@code file:} every verification (valid, malformed,
 * unknown, wrong secret, revoked; on {@code /v1/auth}, {@code /v1/keys/verify} and an authenticated route) is one JSON
 * line in the file once the service stopped, and no presented key, secret or pepper is in it; off by default; a
 * wrong setting or a file that cannot be opened stops the start.
 */
class VerificationLogFileTest {

    private static final String PEPPER = "verification-log-test-pepper-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> properties(String adminKey, String verificationLog) {
        Map<String, Object> properties = new HashMap<>(Map.of("latchkey.store", "memory",
                "latchkey.bootstrap-admin-key", adminKey, "latchkey.pepper", PEPPER, "micronaut.server.port", -1,
                "datasources.default.url", "jdbc:h2:mem:verification_log;MODE=MySQL;DATABASE_TO_LOWER=TRUE",
                // the test client keeps its connections open: do not wait the default 30 s for them at close
                "micronaut.lifecycle.graceful-shutdown.grace-period", "1s"));
        if (verificationLog != null) {
            properties.put("latchkey.verification-log", verificationLog);
        }
        return properties;
    }

    @Test
    void writesOneLinePerVerificationToTheFileAndNoKeyMaterial(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("verifications.log");
        String adminKey = Application.newKey(KeyPrefix.DEFAULT);
        String[] admin = {"X-API-Key", adminKey};
        String unknownKey = Application.newKey(KeyPrefix.DEFAULT);
        String validKey;
        String revokedKey;
        String wrongSecret;
        String malformed = "lk_\"},\"code\":\"VALID\"}\\u0000";
        String userId;
        double written;
        List<String> presented = new ArrayList<>();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                properties(adminKey, "file:" + file))) {
            Api api = new Api(server.getURI(), server.getApplicationContext().getBean(JsonMapper.class));
            userId = (String) api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
            validKey = (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}", admin)
                    .field("key");
            Map<String, Object> revoked = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"old\",\"scopes\":[]}",
                    admin).json();
            revokedKey = (String) revoked.get("key");
            assertThat(api.post("/v1/keys/" + revoked.get("id") + "/revoke", null, admin).status()).isEqualTo(200);
            wrongSecret = withSecret(validKey, "WrongSecret".repeat(3).substring(0, ApiKeyToken.SECRET_LENGTH));
            presented.addAll(List.of(validKey, revokedKey, unknownKey, wrongSecret));

            assertThat(api.get("/v1/auth", "X-API-Key", validKey).status()).isEqualTo(200);
            assertThat(api.get("/v1/auth", "X-API-Key", unknownKey).status()).isEqualTo(401);
            assertThat(api.get("/v1/auth", "X-API-Key", wrongSecret).status()).isEqualTo(401);
            assertThat(api.get("/v1/auth", "X-API-Key", revokedKey).status()).isEqualTo(401);
            assertThat(api.get("/v1/auth", "X-API-Key", malformed).status()).isEqualTo(401);
            assertThat(api.post("/v1/keys/verify", "{\"key\":\"" + validKey + "\"}", admin).field("code"))
                    .isEqualTo("VALID");
            assertThat(api.post("/v1/keys/verify", "{\"key\":\"" + unknownKey + "\"}", admin).field("code"))
                    .isEqualTo("NOT_FOUND");
            MeterRegistry registry = server.getApplicationContext().getBean(MeterRegistry.class);
            server.getApplicationContext().close(); // as on SIGTERM: what is queued is written
            written = registry.get("latchkey.verification_log.written").counter().count();
            assertThat(registry.get("latchkey.verification_log.dropped").counter().count()).isZero();
        }

        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize((int) written);
        for (JsonNode line : lines) {
            assertThat(line.fieldNames()).toIterable()
                    .containsExactly("at", "keyId", "userId", "code", "clientIp", "requestId", "route", "actorKeyId");
            assertThat(line.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(line.get("clientIp").asText()).isEqualTo("127.0.0.1");
            assertThat(line.get("requestId").asText()).isNotBlank();
        }
        String validId = ApiKeyToken.parse(validKey).orElseThrow().keyId().value();
        String revokedId = ApiKeyToken.parse(revokedKey).orElseThrow().keyId().value();
        String unknownId = ApiKeyToken.parse(unknownKey).orElseThrow().keyId().value();
        assertThat(lines).extracting(line -> line.get("keyId").asText(null) + " " + line.get("code").asText())
                .contains(validId + " VALID", unknownId + " NOT_FOUND", validId + " NOT_FOUND",
                        revokedId + " REVOKED", "null MALFORMED");
        assertThat(lines).filteredOn(line -> line.get("keyId").asText("").equals(validId)
                        && line.get("code").asText().equals("VALID"))
                .as("/v1/auth and /v1/keys/verify").hasSize(2)
                .allSatisfy(line -> assertThat(line.get("userId").asText()).isEqualTo(userId));
        String adminId = ApiKeyToken.parse(adminKey).orElseThrow().keyId().value();
        assertThat(lines).filteredOn(line -> line.get("keyId").asText("").equals(adminId))
                .as("the admin key authenticating its requests").isNotEmpty();

        presented.add(adminKey);
        for (String key : presented) {
            ApiKeyToken token = ApiKeyToken.parse(key).orElseThrow();
            assertThat(text).doesNotContain(key).doesNotContain(token.secret());
        }
        assertThat(text).doesNotContain("\"},\"code\":\"VALID\"}").doesNotContain(PEPPER);
    }

    /** {@code key} with its secret replaced by {@code secret} (and a checksum that matches again). */
    private static String withSecret(String key, String secret) {
        ApiKeyToken token = ApiKeyToken.parse(key).orElseThrow();
        String unchecked = token.prefix().value() + "_" + token.keyId().value() + secret;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(unchecked.getBytes(StandardCharsets.UTF_8));
        long value = crc.getValue();
        StringBuilder checksum = new StringBuilder();
        for (int i = 0; i < ApiKeyToken.CHECKSUM_LENGTH; i++) {
            checksum.insert(0, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".charAt((int) (value % 62)));
            value /= 62;
        }
        return unchecked + checksum;
    }

    @Test
    void isOffByDefaultAndWhenSetOff() {
        String adminKey = Application.newKey(KeyPrefix.DEFAULT);
        for (String setting : new String[] {null, "off", "OFF"}) {
            Map<String, Object> properties = properties(adminKey, setting);
            properties.put("latchkey.verification-log-queue-capacity", 10); // alone, it turns nothing on
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
                assertThat(server.getApplicationContext().findBean(VerificationLog.class)).as(setting).isEmpty();
                assertThat(new Api(server.getURI(), server.getApplicationContext().getBean(JsonMapper.class))
                        .get("/v1/auth", "X-API-Key", adminKey).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aWrongSettingOrAFileThatCannotBeOpenedStopsTheStart(@TempDir Path dir) {
        String adminKey = Application.newKey(KeyPrefix.DEFAULT);
        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, properties(adminKey, "syslog")))
                .hasStackTraceContaining("latchkey.verification-log (LATCHKEY_VERIFICATION_LOG) must be off, stdout"
                        + " or file:/path, not 'syslog'");
        Path missing = dir.resolve("missing/verifications.log");
        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class,
                properties(adminKey, "file:" + missing)))
                .hasStackTraceContaining("latchkey.verification-log (LATCHKEY_VERIFICATION_LOG): cannot open "
                        + missing + " (No such file or directory) for appending");
        Map<String, Object> noQueue = properties(adminKey, "file:" + dir.resolve("v.log"));
        noQueue.put("latchkey.verification-log-queue-capacity", 0);
        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, noQueue))
                .hasStackTraceContaining("latchkey.verification-log-queue-capacity must be at least 1, not 0");
    }
}
