package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.RevokeApiKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/api-guide.md §1 and §3: how keys are presented and how every refusal looks. */
@MicronautTest
class ApiKeyAuthenticationTest extends HttpApiTest {

    @Inject
    RevokeApiKey revokeApiKey;
    @Inject
    TestWiring.MovableClock clock;

    private String key;

    @BeforeEach
    void setUp() {
        key = Api.keyWithScopes(registerUser, issueApiKey, "users:read");
    }

    @Test
    void noKeyIsMissingKeyWithAChallenge() {
        Api.Response response = api.malformed().get("/v1/me").isProblem(401, "missing_key");

        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");
        assertThat(response.field("title")).isEqualTo("Missing API key");
    }

    @Test
    void acceptsTheKeyInXApiKeyWhateverTheHeaderCase() {
        assertThat(api.get("/v1/me", "X-API-Key", key).status()).isEqualTo(200);
        assertThat(api.get("/v1/me", "x-api-key", key).status()).isEqualTo(200);
    }

    @Test
    void acceptsTheKeyAsABearerTokenWhateverTheSchemeCase() {
        assertThat(api.get("/v1/me", "Authorization", "Bearer " + key).status()).isEqualTo(200);
        assertThat(api.get("/v1/me", "authorization", "bEaReR " + key).status()).isEqualTo(200);
    }

    @Test
    void acceptsAConfiguredExtraHeader() {
        // a header this deployment adds (latchkey.http.key-headers): the document knows only the two standard ones
        assertThat(api.malformed().get("/v1/me", "access_token", key).status()).isEqualTo(200);
        api.malformed().get("/v1/me", "api-key", key).isProblem(401, "missing_key");
    }

    @Test
    void anotherAuthorizationSchemeIsNoKey() {
        api.malformed().get("/v1/me", "Authorization", "Basic dXNlcjpwYXNz").isProblem(401, "missing_key");
    }

    @Test
    void differentKeysInTwoHeadersAreAmbiguousTheSameKeyIsFine() {
        String other = Api.keyWithScopes(registerUser, issueApiKey);

        api.get("/v1/me", "X-API-Key", key, "Authorization", "Bearer " + other).isProblem(400, "ambiguous_credentials");
        assertThat(api.get("/v1/me", "X-API-Key", key, "Authorization", "Bearer " + key).status()).isEqualTo(200);
    }

    @Test
    void anOverlongHeaderIsMalformedNeverA431() {
        Api.Response response = api.get("/v1/me", "X-API-Key", "lk_" + "A".repeat(300)).isProblem(401, "malformed_key");

        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");
        api.get("/v1/me", "Authorization", "Bearer " + "A".repeat(4000)).isProblem(401, "malformed_key");
    }

    @Test
    void aKeyThatDoesNotParseIsMalformed() {
        char last = key.charAt(key.length() - 1);
        String checksumBroken = key.substring(0, key.length() - 1) + (last == 'x' ? 'y' : 'x');
        api.get("/v1/me", "X-API-Key", checksumBroken).isProblem(401, "malformed_key");
        api.get("/v1/me", "X-API-Key", "hello").isProblem(401, "malformed_key");
    }

    @Test
    void aWellFormedUnknownKeyIsInvalid() {
        String unknown = unknownKey();

        api.get("/v1/me", "X-API-Key", unknown).isProblem(401, "invalid_key");
    }

    @Test
    void aRevokedKeyIsRevoked() {
        revokeApiKey.revoke(Caller.SERVICE, ApiKeyToken.parse(key).orElseThrow().keyId());

        api.get("/v1/me", "X-API-Key", key).isProblem(401, "revoked_key");
    }

    @Test
    void anExpiredKeyIsExpired() {
        User owner = registerUser.register(new RegisterUser.Command("short-lived", null, null));
        String expiring = issueApiKey.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "short", Scopes.none(),
                Optional.empty(), Optional.of(clock.instant().plusSeconds(60)))).plaintext();
        assertThat(api.get("/v1/me", "X-API-Key", expiring).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(61));

        api.get("/v1/me", "X-API-Key", expiring).isProblem(401, "expired_key");
    }

    @Test
    void aValidKeyWithoutTheScopeIsForbiddenNamingTheScope() {
        Api.Response response = api.post("/v1/users", "{\"name\":\"x\"}", "X-API-Key", key)
                .isProblem(403, "insufficient_scope");

        assertThat(response.header("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"latchkey\", error=\"insufficient_scope\", scope=\"users:write\"");
    }

    @Test
    void adminImpliesBuiltInScopesButNotCustomOnes() {
        String admin = Api.keyWithScopes(registerUser, issueApiKey, "admin");

        assertThat(api.post("/v1/users", "{\"name\":\"x\"}", "X-API-Key", admin).status()).isEqualTo(201);
        api.post("/v1/process", "{\"status\":\"SUCCESS\"}", "X-API-Key", admin).isProblem(403, "insufficient_scope");
    }

    @Test
    void noRefusalEverEchoesTheKey() {
        char last = key.charAt(key.length() - 1);
        String tampered = key.substring(0, key.length() - 1) + (last == 'x' ? 'y' : 'x');
        for (Api.Response response : List.of(api.get("/v1/me", "X-API-Key", tampered),
                api.malformed().post("/v1/users", "{}", "Authorization", "Bearer " + key),
                api.get("/v1/me", "X-API-Key", key, "Authorization", "Bearer " + tampered))) {
            String secret = ApiKeyToken.parse(key).orElseThrow().secret();
            assertThat(response.body()).doesNotContain(secret).doesNotContain(tampered);
            response.headers().values().forEach(values -> assertThat(String.join(",", values)).doesNotContain(secret));
        }
    }

    @Test
    void everyResponseCarriesARequestIdEchoingASaneOne() {
        assertThat(api.malformed().get("/v1/me", "X-Request-Id", "trace-123").header("X-Request-Id")).isEqualTo("trace-123");
        assertThat(api.get("/livez", "X-Request-Id", "bad id with spaces").header("X-Request-Id"))
                .isNotEqualTo("bad id with spaces").isNotBlank();
        assertThat(api.get("/livez").header("X-Request-Id")).isNotBlank();
    }

    @Test
    void livenessNeedsNoKeyAndIgnoresABadOne() {
        Api.Response response = api.get("/livez", "X-API-Key", "garbage");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(Map.of("status", "UP"));
    }
}
