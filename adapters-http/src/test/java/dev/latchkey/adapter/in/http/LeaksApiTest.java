package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /v1/leaks}, signed the GitHub way with a key pair made here (its public half in a keys file in GitHub's
 * format), or from an admin: a live key reported is revoked and then refused, audited and announced; an invalid
 * signature, junk and other vendors' tokens change nothing; the answer never echoes a token.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaksApiTest extends AdminAndUserApiTest implements TestPropertyProvider {

    private static final String KEY_ID = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";
    private PrivateKey signingKey;
    private PrivateKey strangersKey;

    @Inject
    DispatchWebhooks worker;

    @Override
    public Map<String, String> getProperties() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            signingKey = pair.getPrivate();
            strangersKey = generator.generateKeyPair().getPrivate();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
            Path file = Files.createTempFile("github-keys", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, "{\"public_keys\":[{\"key_identifier\":\"" + KEY_ID + "\",\"key\":\""
                    + pem.replace("\n", "\\n") + "\",\"is_current\":true}]}");
            return Map.of("latchkey.leaks.github-keys-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> issue() {
        return issueKey(admin, userId, "{\"name\":\"ci\",\"scopes\":[]}");
    }

    private static String signature(PrivateKey key, String body) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(key);
            ecdsa.update(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ecdsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Api.Response signedReport(String body) {
        return api.post("/v1/leaks", body, "Github-Public-Key-Identifier", KEY_ID,
                "Github-Public-Key-Signature", signature(signingKey, body));
    }

    private static String report(String token, String url) {
        return "{\"token\":\"" + token + "\",\"type\":\"latchkey_api_key\",\"url\":\"" + url
                + "\",\"source\":\"content\"}";
    }

    @Test
    void aSignedReportOfALiveKeyRevokesItAtOnceAndSaysWhatItDidAndNothingMore() {
        Map<String, Object> issued = issue();
        String key = (String) issued.get("key");
        String other = (String) issue().get("key");
        assertThat(api.get("/v1/me", "X-API-Key", key).status()).isEqualTo(200); // cached now
        String body = "[" + report(key, "https://github.com/octo/app/blob/abc/config.yml") + ","
                + report("ghp_0123456789abcdefghijklmnopqrstuvwxyz", "https://github.com/x/y") + ","
                + report("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "https://github.com/x/z") + ","
                + report("lk_notakeyatall", "https://github.com/x/w") + "]";

        Api.Response answer = signedReport(body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("[{\"index\":0,\"label\":\"latchkey_key\",\"action\":\"revoked\"},"
                + "{\"index\":1,\"label\":\"unknown\",\"action\":\"none\"},"
                + "{\"index\":2,\"label\":\"unknown\",\"action\":\"none\"},"
                + "{\"index\":3,\"label\":\"unknown\",\"action\":\"none\"}]");
        assertThat(answer.body()).doesNotContain(key).doesNotContain("ghp_").doesNotContain("sk_live");
        api.get("/v1/me", "X-API-Key", key).isProblem(401, "revoked_key");
        assertThat(api.get("/v1/me", "X-API-Key", other).status()).as("another key of the owner").isEqualTo(200);

        String leakedEvents = "/v1/audit-events?type=key.leaked&keyId=" + issued.get("id");
        Map<?, ?> audited = (Map<?, ?>) ((List<?>) api.get(leakedEvents, admin).field("items")).get(0);
        assertThat(audited.get("code")).isEqualTo("REVOKED");
        assertThat(audited.get("detail")).isEqualTo("https://github.com/octo/app/blob/abc/config.yml");
        assertThat((List<?>) api.get("/v1/audit-events?type=key.revoked&keyId=" + issued.get("id"), admin)
                .field("items")).hasSize(1);

        Api.Response again = signedReport("[" + report(key, "https://gist.github.com/x") + "]");
        assertThat(again.body()).as("revoked already").isEqualTo(
                "[{\"index\":0,\"label\":\"latchkey_key\",\"action\":\"none\"}]");
    }

    @Test
    void aReportRevokesEveryKeySelfRotatedFromTheLeakedOneButNotAReplacementAnAdminMade() {
        Map<String, Object> leaked = issueKey(admin, userId, "{\"name\":\"ci\",\"scopes\":[\"me:rotate\"]}");
        Api.Response second = api.post("/v1/me/rotate", "{\"gracePeriodSeconds\":3600}", "X-API-Key",
                (String) leaked.get("key"));
        Api.Response third = api.post("/v1/me/rotate", "{\"gracePeriodSeconds\":3600}", "X-API-Key",
                (String) second.field("key"));
        Api.Response byAdmin = api.post("/v1/keys/" + third.field("id") + "/rotate", "{\"gracePeriodSeconds\":0}",
                admin);
        Api.Response afterAdmin = api.post("/v1/me/rotate", null, "X-API-Key", (String) byAdmin.field("key"));
        assertThat(List.of(second.status(), third.status(), byAdmin.status(), afterAdmin.status()))
                .containsOnly(201);

        Api.Response answer = signedReport("[" + report((String) leaked.get("key"), "https://github.com/x/y") + "]");

        assertThat(answer.body()).isEqualTo("[{\"index\":0,\"label\":\"latchkey_key\",\"action\":\"revoked\"}]");
        for (Api.Response selfRotated : List.of(second, third)) {
            api.get("/v1/me", "X-API-Key", (String) selfRotated.field("key")).isProblem(401, "revoked_key");
            assertThat((List<?>) api.get("/v1/audit-events?type=key.revoked&keyId=" + selfRotated.field("id"), admin)
                    .field("items")).hasSize(1);
        }
        assertThat(api.get("/v1/me", "X-API-Key", (String) afterAdmin.field("key")).status())
                .as("after an admin's rotation: not the leaked key's doing").isEqualTo(200);
        assertThat(api.get("/v1/keys/" + byAdmin.field("id"), admin).field("revokedAt")).isNull();
        assertThat((List<?>) api.get("/v1/audit-events?type=key.leaked&keyId=" + second.field("id"), admin)
                .field("items")).as("the leak is the reported key's").isEmpty();
    }

    @Test
    void aLeakedKeyIsAnnouncedToWebhooksWithoutItsSecret() throws Exception {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        receiver.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            api.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/\",\"events\":[\"key.leaked\",\"key.revoked\"]}", admin);
            Map<String, Object> issued = issue();
            String key = (String) issued.get("key");

            signedReport("[" + report(key, "https://github.com/octo/app/blob/abc/.env") + "]");
            for (int i = 0; i < 5 && worker.runOnce(100).attempts() > 0; i++) {
                // drain
            }

            assertThat(bodies).anySatisfy(body -> assertThat(body).startsWith("{\"type\":\"key.leaked\"")
                    .contains("\"keyId\":\"" + issued.get("id") + "\"", "\"action\":\"revoked\"",
                            "\"url\":\"https://github.com/octo/app/blob/abc/.env\""));
            assertThat(bodies).anySatisfy(body -> assertThat(body).startsWith("{\"type\":\"key.revoked\""));
            assertThat(String.join("\n", bodies)).doesNotContain(key)
                    .doesNotContain(key.substring(key.length() - 30));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void anInvalidSignatureIsRefusedAndChangesNothing() {
        String key = (String) issue().get("key");
        String body = "[" + report(key, "https://github.com/x/y") + "]";

        api.post("/v1/leaks", body, "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature",
                signature(strangersKey, body)).isProblem(401, "invalid_signature");
        api.post("/v1/leaks", body, "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature",
                signature(signingKey, body.replace("y\"", "z\""))).isProblem(401, "invalid_signature");
        api.post("/v1/leaks", body, "Github-Public-Key-Identifier", "another-key-id", "Github-Public-Key-Signature",
                signature(signingKey, body)).isProblem(401, "invalid_signature");
        api.post("/v1/leaks", body, "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature",
                "not base64 !").isProblem(401, "invalid_signature");
        api.malformed().post("/v1/leaks", body, "Github-Public-Key-Identifier", KEY_ID).isProblem(401, "invalid_signature");
        // r = s = 0 (CVE-2022-21449, "psychic signatures"): refused before the JDK is asked
        api.post("/v1/leaks", body, "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature",
                "MAYCAQACAQA=").isProblem(401, "invalid_signature");
        Api.Response anonymous = api.malformed().post("/v1/leaks", body).isProblem(401, "missing_key");
        assertThat(anonymous.body()).doesNotContain("latchkey_key");
        api.post("/v1/leaks", body, keyHeaders("keys:write"))
                .isProblem(403, "insufficient_scope");

        assertThat(api.get("/v1/me", "X-API-Key", key).status()).as("still working").isEqualTo(200);
    }

    @Test
    void anAdminMayReportTooAndAWellFormedForgeryOfARealKeyIdIsNotOurs() {
        Map<String, Object> issued = issue();
        String key = (String) issued.get("key");
        String forged = forgeWithSameKeyId(key);

        Api.Response answer = api.post("/v1/leaks", "[{\"token\":\"" + forged + "\"},{\"token\":\"" + key
                + "\",\"url\":\"https://pastebin.example/raw/1\"}]", admin);

        assertThat(answer.body()).isEqualTo("[{\"index\":0,\"label\":\"unknown\",\"action\":\"none\"},"
                + "{\"index\":1,\"label\":\"latchkey_key\",\"action\":\"revoked\"}]");
        api.get("/v1/me", "X-API-Key", key).isProblem(401, "revoked_key");
    }

    @Test
    void aBadBodyIsAClearFourHundred() {
        for (String body : List.of("{}", "[]", "[1]", "[{}]", "[{\"token\":7}]", "[{\"token\":\"\"}]", "not json",
                "[{\"token\":\"x\",\"url\":5}]")) {
            Api.Response refused = api.malformed().post("/v1/leaks", body, admin);
            assertThat(refused.status()).as(body + ": " + refused.body()).isEqualTo(400);
        }
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i <= 1_000; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"token\":\"t").append(i).append("\"}");
        }
        assertThat(api.malformed().post("/v1/leaks", tooMany.append(']').toString(), admin).status()).isEqualTo(400);
    }

    /** The key with its secret changed and its checksum made right again: well-formed, same key id, not the key. */
    static String forgeWithSameKeyId(String key) {
        String unchecked = key.substring(0, key.length() - 6);
        String otherSecret = unchecked.substring(0, unchecked.length() - 1)
                + (unchecked.endsWith("A") ? "B" : "A");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(otherSecret.getBytes(StandardCharsets.UTF_8));
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] digits = new char[6];
        long rest = crc.getValue();
        for (int i = 5; i >= 0; i--) {
            digits[i] = alphabet.charAt((int) (rest % 62));
            rest /= 62;
        }
        return otherSecret + new String(digits);
    }
}
