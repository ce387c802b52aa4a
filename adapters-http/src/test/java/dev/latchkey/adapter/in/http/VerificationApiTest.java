package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.keys.RevokeApiKey;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/keys/verify} and {@code GET /v1/auth}: verification for other services and gateways. */
@MicronautTest
class VerificationApiTest extends HttpApiTest {

    @Inject
    RevokeApiKey revokeApiKey;

    private String[] verifier;
    private String key;

    @BeforeEach
    void setUp() {
        verifier = keyHeaders("keys:verify");
        key = Api.keyWithScopes(registerUser, issueApiKey, "process", "reports:read");
    }

    private Api.Response verify(String body) {
        return api.post("/v1/keys/verify", body, verifier);
    }

    /** A body that breaks the document on purpose: the request is not judged against it, the answer is. */
    private Api.Response malformedVerify(String body) {
        return api.malformed().post("/v1/keys/verify", body, verifier);
    }

    @Test
    void aValidKeyIsValidWithItsDetails() {
        Api.Response verdict = verify("{\"key\":\"" + key + "\",\"scopes\":[\"process\"]}");

        assertThat(verdict.status()).isEqualTo(200);
        Map<String, Object> body = verdict.json();
        assertThat(body).containsEntry("valid", true).containsEntry("code", "VALID")
                .containsEntry("keyId", ApiKeyToken.parse(key).orElseThrow().keyId().value())
                .containsEntry("scopes", List.of("process", "reports:read"))
                .containsKey("userId");
        assertThat(verdict.body()).doesNotContain(ApiKeyToken.parse(key).orElseThrow().secret());
    }

    @Test
    void aValidKeysMetaIsReturned() {
        String userId = (String) api.post("/v1/users", "{\"name\":\"m\"}", "X-API-Key",
                Api.keyWithScopes(registerUser, issueApiKey, "admin")).field("id");
        String withMeta = (String) api.post("/v1/users/" + userId + "/keys",
                "{\"name\":\"m\",\"scopes\":[],\"meta\":{\"plan\":\"pro\"}}", "X-API-Key",
                Api.keyWithScopes(registerUser, issueApiKey, "admin")).field("key");

        assertThat(verify("{\"key\":\"" + withMeta + "\"}").field("meta")).isEqualTo(Map.of("plan", "pro"));
    }

    @Test
    void everyRefusalIsA200WithItsCode() {
        assertThat(verify("{\"key\":\"" + key + "\",\"scopes\":[\"admin\"]}").json())
                .containsEntry("valid", false).containsEntry("code", "INSUFFICIENT_SCOPE");
        assertThat(verify("{\"key\":\"lk_nonsense\"}").json()).containsEntry("valid", false)
                .containsEntry("code", "MALFORMED").doesNotContainKey("keyId");
        String unknown = unknownKey();
        assertThat(verify("{\"key\":\"" + unknown + "\"}").json()).containsEntry("code", "NOT_FOUND")
                .doesNotContainKey("userId");

        revokeApiKey.revoke(Caller.SERVICE, ApiKeyToken.parse(key).orElseThrow().keyId());
        assertThat(verify("{\"key\":\"" + key + "\"}").json()).containsEntry("valid", false)
                .containsEntry("code", "REVOKED");
    }

    @Test
    void aBadRequestIsAProblemAndTheCallerNeedsKeysVerify() {
        malformedVerify("{}").isProblem(400, "validation_failed");
        malformedVerify("{\"key\":\"" + key + "\",\"scopes\":[\"Not A Scope\"]}").isProblem(400, "validation_failed");
        api.post("/v1/keys/verify", "{\"key\":\"" + key + "\"}", "X-API-Key", key).isProblem(403, "insufficient_scope");
        api.malformed().post("/v1/keys/verify", "{\"key\":\"" + key + "\"}").isProblem(401, "missing_key");
    }

    /** A NUL in the user agent would reach a honeytoken's alert, which PostgreSQL refuses to store (M1). */
    @Test
    void aUserAgentWithAControlCharacterIsRefusedAsAHeaderIs() {
        for (String userAgent : List.of("curl\\u0000", "a\\nb", "x\\u001b[1m", "del\\u007f")) {
            Api.Response refused = malformedVerify("{\"key\":\"" + key + "\",\"userAgent\":\"" + userAgent + "\"}")
                    .isProblem(400, "validation_failed");
            assertThat(refused.body()).contains("userAgent");
        }
        assertThat(verify("{\"key\":\"" + key + "\",\"userAgent\":\"curl/8.5.0\\tok\"}").json())
                .containsEntry("valid", true);
    }

    @Test
    void forwardAuthSaysWhoTheKeyIs() {
        Api.Response ok = api.get("/v1/auth", "X-API-Key", key);

        assertThat(ok.status()).isEqualTo(200);
        ApiKeyToken token = ApiKeyToken.parse(key).orElseThrow();
        assertThat(ok.header("X-Latchkey-Key-Id")).isEqualTo(token.keyId().value());
        assertThat(ok.header("X-Latchkey-User-Id")).isNotBlank();
        assertThat(ok.header("X-Latchkey-Scopes")).isEqualTo("process,reports:read");
        assertThat(api.send("HEAD", "/v1/auth", null, "Authorization", "Bearer " + key).status()).isEqualTo(200);
        Api.Response posted = api.post("/v1/auth", null, "Authorization", "Bearer " + key);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            assertThat(api.send(method, "/v1/auth", null, "X-API-Key", key).header("X-Latchkey-Key-Id"))
                    .as(method).isEqualTo(token.keyId().value());
        }
    }

    @Test
    void forwardAuthChecksRequiredScopes() {
        assertThat(api.get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "process, reports:read").status())
                .isEqualTo(200);
        Api.Response forbidden = api.get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "process,billing")
                .isProblem(403, "insufficient_scope");
        assertThat(forbidden.header("WWW-Authenticate")).contains("scope=\"process billing\"");
        api.malformed().get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "Bad Scope").isProblem(400, "validation_failed");
    }

    @Test
    void twoRequiredScopesHeadersAreABadRequestNeverTheFirstOne() {
        // Before: the first header decided, so a looser one sent first let the key through (200).
        api.malformed().get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "process", "X-Required-Scopes", "billing")
                .isProblem(400, "validation_failed");
        api.malformed().get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "billing", "X-Required-Scopes", "process")
                .isProblem(400, "validation_failed");
        api.malformed().post("/v1/auth", null, "X-API-Key", key, "X-Required-Scopes", "process", "X-Required-Scopes", "process")
                .isProblem(400, "validation_failed");
        api.malformed().get("/v1/auth", "X-Required-Scopes", "process", "X-Required-Scopes", "billing")
                .isProblem(400, "validation_failed");
    }

    @Test
    void forwardAuthRefusesLikeEveryEndpoint() {
        api.malformed().get("/v1/auth").isProblem(401, "missing_key");
        api.get("/v1/auth", "X-API-Key", "garbage").isProblem(401, "malformed_key");
        revokeApiKey.revoke(Caller.SERVICE, ApiKeyToken.parse(key).orElseThrow().keyId());
        api.get("/v1/auth", "X-API-Key", key).isProblem(401, "revoked_key");
    }

    /** The events of the verifications made for the request with id {@code requestId}. */
    private static List<VerificationEvent> eventsOf(String requestId) {
        return TestWiring.VERIFICATION_EVENTS.stream().filter(event -> requestId.equals(event.requestId())).toList();
    }

    /** The events of the verifications of {@code presented} made for the request with id {@code requestId}. */
    private static List<VerificationEvent> eventsOf(String requestId, String presented) {
        KeyId id = ApiKeyToken.parse(presented).orElseThrow().keyId();
        return eventsOf(requestId).stream().filter(event -> id.equals(event.keyId())).toList();
    }

    @Test
    void theOriginTravelsWithTheVerificationTheBodysClientIpIncluded() {
        String fenced = (String) api.post("/v1/users/" + userOf(key) + "/keys",
                "{\"name\":\"f\",\"scopes\":[],\"allowedCidrs\":[\"203.0.113.0/24\"]}", "X-API-Key",
                Api.keyWithScopes(registerUser, issueApiKey, "admin")).field("key");
        String callerId = ApiKeyToken.parse(verifier[1]).orElseThrow().keyId().value();

        Map<String, Object> inside = api.post("/v1/keys/verify", "{\"key\":\"" + fenced
                + "\",\"clientIp\":\"203.0.113.7\"}", with(verifier, "X-Request-Id", "origin-inside")).json();
        Map<String, Object> outside = api.post("/v1/keys/verify", "{\"key\":\"" + fenced + "\"}",
                with(verifier, "X-Request-Id", "origin-outside")).json();
        api.get("/v1/auth", "X-API-Key", key, "X-Request-Id", "origin-gateway");

        assertThat(inside).containsEntry("code", "VALID");
        assertThat(outside).as("this request's own client, loopback").containsEntry("code", "IP_NOT_ALLOWED");
        assertThat(eventsOf("origin-inside", fenced)).singleElement().satisfies(event -> {
            assertThat(event.clientIp()).isEqualTo("203.0.113.7");
            assertThat(event.route()).isEqualTo("/v1/keys/verify");
            assertThat(event.actorKeyId()).isNotNull().extracting(KeyId::value).isEqualTo(callerId);
        });
        assertThat(eventsOf("origin-outside", fenced)).singleElement().satisfies(event -> {
            assertThat(event.clientIp()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
            assertThat(event.outcome()).isEqualTo("IP_NOT_ALLOWED");
        });
        assertThat(eventsOf("origin-gateway")).singleElement().satisfies(event -> {
            assertThat(event.route()).isEqualTo("/v1/auth");
            assertThat(event.actorKeyId()).isNull();
            assertThat(event.outcome()).isEqualTo("VALID");
        });
    }

    @Test
    void forwardAuthAsksTheDomainForTheScopesAndAnswersOnceForEachRequest() {
        api.get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "process,billing", "X-Request-Id", "scopes-403")
                .isProblem(403, "insufficient_scope");
        api.malformed().get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "a", "X-Required-Scopes", "b",
                "X-Request-Id", "scopes-twice").isProblem(400, "validation_failed");
        api.malformed().get("/v1/auth", "X-API-Key", "garbage", "X-Required-Scopes", "Bad Scope", "X-Request-Id", "bad-both")
                .isProblem(401, "malformed_key");
        Api.Response badScope = api.malformed().get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "Bad Scope")
                .isProblem(400, "validation_failed");

        assertThat(eventsOf("scopes-403")).extracting(VerificationEvent::outcome).containsExactly("INSUFFICIENT_SCOPE");
        assertThat(eventsOf("scopes-twice")).as("refused before the key is looked at").isEmpty();
        assertThat(eventsOf("bad-both")).extracting(VerificationEvent::outcome).containsExactly("MALFORMED");
        assertThat(badScope.body()).contains("\"errors\"");
    }

    @Test
    void forwardAuthAnswersItsTrailingSlashAndOptions() {
        assertThat(api.get("/v1/auth/", "X-API-Key", key).status()).isEqualTo(200);
        // issue 26: OPTIONS too (ForwardAuthContractTest has the whole contract)
        assertThat(api.send("OPTIONS", "/v1/auth", null, "X-API-Key", key).status()).isEqualTo(200);
        Api.Response refused = api.get("/v1/auth", "X-API-Key", "garbage", "X-Request-Id", "refused-ids");
        assertThat(refused.header("X-Request-Id")).isEqualTo("refused-ids");
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    }

    private static String[] with(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    private String userOf(String presented) {
        return (String) ((Map<?, ?>) api.get("/v1/me", "X-API-Key", presented).json().get("user")).get("id");
    }
}
