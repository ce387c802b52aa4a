package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.apikey.ApiKeyToken;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The forward-auth contract of {@code /v1/auth} (issue 26 §1) that every gateway relies on: any path below it, any
 * method, any body and Content-Type, any Accept; scopes from the header or from {@code ?scopes=} on exactly
 * {@code /v1/auth}; the refusal status a proxy asks for.
 */
@MicronautTest
class ForwardAuthContractTest extends HttpApiTest {

    private String key;
    private String keyId;
    /**
     * Gateways send what the OpenAPI document cannot describe (any method and path below /v1/auth, any body, any
     * Accept, no key): these requests are not judged against it; the answers still are.
     */
    private Api gateway;

    @BeforeEach
    void setUp() {
        gateway = api.malformed();
        key = Api.keyWithScopes(registerUser, issueApiKey, "process", "reports:read");
        keyId = ApiKeyToken.parse(key).orElseThrow().keyId().value();
    }

    private void granted(Api.Response answer, String what) {
        assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(200);
        assertThat(answer.header("X-Latchkey-Key-Id")).as(what).isEqualTo(keyId);
        assertThat(answer.header("X-Latchkey-User-Id")).as(what).isNotBlank();
        assertThat(answer.header("X-Latchkey-Scopes")).as(what).isEqualTo("process,reports:read");
        assertThat(answer.body()).as(what + ": the 200 has no body").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/csv", "application/xml", "image/*", "text/event-stream", "application/problem+json",
            "text/html;q=0.9, application/xhtml+xml", "application/json;q=0"})
    void anyAcceptIsIgnored(String accept) {
        granted(gateway.get("/v1/auth", "X-API-Key", key, "Accept", accept), accept);
        granted(gateway.send("HEAD", "/v1/auth", null, "X-API-Key", key, "Accept", accept), "HEAD " + accept);
        gateway.get("/v1/auth", "Accept", accept).isProblem(401, "missing_key");
        gateway.get("/v1/auth", "X-API-Key", "garbage", "Accept", accept).isProblem(401, "malformed_key");
        gateway.get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "billing", "Accept", accept)
                .isProblem(403, "insufficient_scope");
        gateway.get("/v1/auth/orders/42", "Accept", accept).isProblem(401, "missing_key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain", "application/octet-stream",
            "multipart/form-data; boundary=x", "application/json", "application/vnd.unknown+json"})
    void anyBodyAndContentTypeIsIgnored(String contentType) {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            granted(gateway.send(method, "/v1/auth", "a=1&b=2 {not json", "X-API-Key", key, "Content-Type", contentType),
                    method + " " + contentType);
            gateway.send(method, "/v1/auth/orders/42", "a=1", "Content-Type", contentType).isProblem(401, "missing_key");
        }
    }

    @Test
    void aBodyLargerThanTheServerTakesIsNotRead() {
        String large = "x".repeat(3 * 1024 * 1024);
        granted(gateway.send("POST", "/v1/auth", large, "X-API-Key", key, "Content-Type", "application/octet-stream"),
                "3 MiB body");
        gateway.send("PUT", "/v1/auth/upload", large, "Content-Type", "application/octet-stream")
                .isProblem(401, "missing_key");
        // and the server still answers on a new connection
        granted(gateway.get("/v1/auth", "X-API-Key", key), "after the large body");
    }

    @Test
    void everyMethodIncludingOptionsAndUnknownOnes() {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            granted(gateway.send(method, "/v1/auth", null, "X-API-Key", key), method);
            granted(gateway.send(method, "/v1/auth/orders/42?page=2", null, "X-API-Key", key), method + " below");
        }
        // a browser's CORS preflight is not answered by CORS handling either
        granted(gateway.send("OPTIONS", "/v1/auth", null, "X-API-Key", key, "Origin", "https://example.com",
                "Access-Control-Request-Method", "GET"), "preflight-like OPTIONS");
        gateway.send("OPTIONS", "/v1/auth", null, "Origin", "https://example.com",
                "Access-Control-Request-Method", "GET").isProblem(401, "missing_key");
        for (String method : List.of("PROPFIND", "MKCOL", "CUSTOMVERB")) {
            granted(gateway.send(method, "/v1/auth", null, "X-API-Key", key), method);
            gateway.send(method, "/v1/auth/x", null).isProblem(401, "missing_key");
        }
    }

    @Test
    void identityHeadersAreAlwaysSentEvenEmpty() {
        String noScopes = Api.keyWithScopes(registerUser, issueApiKey);
        Api.Response answer = gateway.get("/v1/auth", "X-API-Key", noScopes);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().keySet().stream().map(String::toLowerCase))
                .contains("x-latchkey-scopes", "x-latchkey-user-id", "x-latchkey-key-id");
        assertThat(answer.header("X-Latchkey-Scopes")).isEmpty();
    }

    @Test
    void belowV1AuthThePathAndQueryAreTheClientsAndIgnored() {
        granted(gateway.get("/v1/auth/orders/42?page=2", "X-API-Key", key), "Envoy's path_prefix + client path");
        granted(gateway.get("/v1/auth/orders/42?scopes=billing&unknown=1", "X-API-Key", key), "the client's scopes=");
        // /v1/auth/ itself may be a gateway's address with a slash too many: its scopes= counts (a client can only add
        // to what it must hold), its other parameters are the client's
        gateway.get("/v1/auth/?scopes=billing", "X-API-Key", key).isProblem(403, "insufficient_scope");
        gateway.get("/v1/auth//?page=2&scopes=billing", "X-API-Key", key).isProblem(403, "insufficient_scope");
        granted(gateway.get("/v1/auth/?page=2&scopes=process", "X-API-Key", key), "the client's path / with a query");
        granted(gateway.get("/v1/auth/?page=2", "X-API-Key", key), "the client's path / with its own query");
        granted(gateway.get("/v1/auth/a/b/c/d/e/f?scopes=billing&scopes=x", "X-API-Key", key), "deep");
        granted(gateway.get("/v1/auth/%2e%2e/keys?x=%25&scopes", "X-API-Key", key), "odd escapes");
        // the header still counts below
        gateway.get("/v1/auth/orders/42?scopes=process", "X-API-Key", key, "X-Required-Scopes", "billing")
                .isProblem(403, "insufficient_scope");
        granted(gateway.get("/v1/auth/orders/42", "X-API-Key", key, "X-Required-Scopes", "process"), "header below");
        // a path that only starts with the same letters is not /v1/auth
        assertThat(gateway.get("/v1/authx", "X-API-Key", key).status()).isEqualTo(404);
    }

    @Test
    void theGatewaysAddressSpeltWithDoubledSlashesStillHasItsQueryRead() throws IOException {
        // an auth address joined from a base URL ending in a slash: the scopes still count, nothing fails open
        for (String address : List.of("//v1/auth", "/v1//auth", "//v1//auth")) {
            String lacking = RawHttp.exchange(server, "GET " + address + "?scopes=billing", List.of("X-API-Key: " + key),
                    null);
            assertThat(lacking).as(address).startsWith("HTTP/1.1 403 ").contains("\"code\":\"insufficient_scope\"");
            String unknown = RawHttp.exchange(server, "GET " + address + "?scope=billing", List.of("X-API-Key: " + key),
                    null);
            assertThat(unknown).as(address).startsWith("HTTP/1.1 400 ");
            assertThat(RawHttp.exchange(server, "GET " + address + "?scopes=process", List.of("X-API-Key: " + key),
                    null)).as(address).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void aMalformedQueryIsTheClientsBelowAndABadRequestOnExactlyV1Auth() throws IOException {
        // Micronaut refuses a bad % escape in any query before the filter sees it: a 400 problem, never a 500
        String below = RawHttp.exchange(server, "GET /v1/auth/orders?x=%ZZ&scopes=%", List.of("X-API-Key: " + key),
                null);
        assertThat(below).startsWith("HTTP/1.1 400 ").contains("application/problem+json")
                .contains("\"code\":\"validation_failed\"");
        String exact = RawHttp.exchange(server, "GET /v1/auth?scopes=%ZZ", List.of("X-API-Key: " + key), null);
        assertThat(exact).startsWith("HTTP/1.1 400 ").contains("\"code\":\"validation_failed\"");
    }

    @Test
    void theScopesQueryOnExactlyV1AuthIsEnforced() {
        granted(gateway.get("/v1/auth?scopes=process", "X-API-Key", key), "held");
        granted(gateway.get("/v1/auth?scopes=process,reports:read", "X-API-Key", key), "both held");
        granted(gateway.get("/v1/auth?scopes=process%2Creports%3Aread", "X-API-Key", key), "escaped");
        Api.Response refused = gateway.get("/v1/auth?scopes=process,billing", "X-API-Key", key)
                .isProblem(403, "insufficient_scope");
        assertThat(refused.header("WWW-Authenticate")).contains("scope=\"process billing\"");
        gateway.post("/v1/auth?scopes=billing", "x", "X-API-Key", key, "Content-Type", "text/plain")
                .isProblem(403, "insufficient_scope");
        gateway.get("/v1/auth?scopes=billing").isProblem(401, "missing_key");
        gateway.get("/v1/auth?scopes=Bad%20Scope", "X-API-Key", key).isProblem(400, "validation_failed");
    }

    @Test
    void onExactlyV1AuthAnUnknownOrRepeatedParameterIsABadRequest() {
        gateway.get("/v1/auth?scope=billing", "X-API-Key", key).isProblem(400, "validation_failed");
        gateway.get("/v1/auth?scopes=process&page=2", "X-API-Key", key).isProblem(400, "validation_failed");
        gateway.get("/v1/auth?debug", "X-API-Key", key).isProblem(400, "validation_failed");
        gateway.get("/v1/auth?SCOPES=billing", "X-API-Key", key).isProblem(400, "validation_failed");
        gateway.get("/v1/auth?scopes=process&scopes=billing", "X-API-Key", key).isProblem(400, "validation_failed");
        gateway.get("/v1/auth?scopes=billing&scopes=process", "X-API-Key", key).isProblem(400, "validation_failed");
        gateway.get("/v1/auth?scopes=", "X-API-Key", key).isProblem(400, "validation_failed");
        gateway.get("/v1/auth?scopes=,", "X-API-Key", key).isProblem(400, "validation_failed");
        // both the query and the header: neither is chosen over the other
        gateway.get("/v1/auth?scopes=process", "X-API-Key", key, "X-Required-Scopes", "process")
                .isProblem(400, "validation_failed");
        gateway.get("/v1/auth?scopes=billing", "X-API-Key", key, "X-Required-Scopes", "process")
                .isProblem(400, "validation_failed");
        // a bad request is refused even without a key, before the key is looked at
        gateway.get("/v1/auth?scope=billing").isProblem(400, "validation_failed");
        granted(gateway.get("/v1/auth?", "X-API-Key", key), "an empty query");
    }

    @Test
    void aProxyMayAskForA403InsteadOfA429() {
        String limited = limitedKey();
        gateway.get("/v1/auth", "X-API-Key", limited).isProblem(429, "rate_limited");
        Api.Response mapped = gateway.get("/v1/auth", "X-API-Key", limited, "X-Latchkey-Refusal-Status", "403");
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(403);
        assertThat(mapped.header("Content-Type")).startsWith("application/problem+json");
        assertThat(mapped.field("code")).isEqualTo("rate_limited");
        assertThat(mapped.field("type")).isEqualTo("urn:latchkey:problem:rate_limited");
        assertThat(mapped.field("status")).isEqualTo(403);
        assertThat(Long.parseLong(mapped.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(mapped.header("RateLimit-Limit")).isEqualTo("1");
        // 401 and 403 are answered as they are
        gateway.get("/v1/auth", "X-Latchkey-Refusal-Status", "403").isProblem(401, "missing_key");
        gateway.get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "billing", "X-Latchkey-Refusal-Status", "403")
                .isProblem(403, "insufficient_scope");
        granted(gateway.get("/v1/auth", "X-API-Key", key, "X-Latchkey-Refusal-Status", "403"), "a grant is a grant");
        // below /v1/auth too (Envoy sends a header it is told to, the path is the client's)
        assertThat(gateway.get("/v1/auth/x", "X-API-Key", limited, "X-Latchkey-Refusal-Status", "403").status())
                .isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"429", "401", "500", "200", "forbidden", "", " 403x", "4O3"})
    void anyOtherRefusalStatusIsABadRequest(String value) {
        gateway.get("/v1/auth", "X-API-Key", key, "X-Latchkey-Refusal-Status", value).isProblem(400, "validation_failed");
    }

    @Test
    void theRefusalStatusHeaderSentTwiceIsABadRequest() {
        gateway.get("/v1/auth", "X-API-Key", key, "X-Latchkey-Refusal-Status", "403", "X-Latchkey-Refusal-Status", "403")
                .isProblem(400, "validation_failed");
    }

    /** A key with a rate limit of 1 an hour, already used once. */
    private String limitedKey() {
        String[] admin = keyHeaders("admin");
        String userId = newUser(admin, "limited");
        String limited = (String) issueKey(admin, userId,
                "{\"name\":\"l\",\"scopes\":[\"process\"],\"rateLimit\":{\"limit\":1,\"periodSeconds\":3600}}").get("key");
        assertThat(gateway.get("/v1/auth", "X-API-Key", limited).status()).isEqualTo(200);
        return limited;
    }
}
