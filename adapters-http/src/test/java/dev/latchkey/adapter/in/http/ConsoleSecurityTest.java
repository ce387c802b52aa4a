package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.application.port.in.keys.GetApiKey;
import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.RevokeApiKey;
import dev.latchkey.application.port.in.keys.UpdateApiKey;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's defences, at the HTTP level: its cookie, its form tokens, its scopes, and what its pages never show. */
@MicronautTest
@Property(name = "latchkey.http.trusted-proxies", value = "127.0.0.1/32")
class ConsoleSecurityTest extends HttpApiTest {

    /** Any full key, anywhere in a page. */
    private static final Pattern ANY_KEY = Pattern.compile(ApiSchemas.KEY_PATTERN.substring(1,
            ApiSchemas.KEY_PATTERN.length() - 1).replace("^", ""));

    @Inject
    Router router;
    @Inject
    RevokeApiKey revokeApiKey;
    @Inject
    GetApiKey getApiKey;
    @Inject
    UpdateApiKey updateApiKey;
    @Inject
    TestWiring.MovableClock clock;

    private String adminKey;
    private ConsoleClient console;

    @BeforeEach
    void signInAsAdmin() {
        adminKey = Api.keyWithScopes(registerUser, issueApiKey, "admin");
        console = new ConsoleClient(server.getURI());
    }

    private static String keyIdOf(String key) {
        String[] parts = key.split("_");
        return parts[parts.length - 1].substring(0, KeyId.LENGTH);
    }

    private String newUserId(String name) {
        return (String) api.post("/v1/users", "{\"name\":\"" + name + "\"}", "X-API-Key", adminKey).field("id");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictLimitedToTheConsoleExpiringAndSecureOverHttps() {
        console.get("/console/sign-in");
        ConsoleClient.Page signedIn = console.post("/console/sign-in", "key", adminKey);

        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/console").doesNotContain(adminKey);
        String cookie = signedIn.cookie("latchkey_console");
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/console")
                .containsPattern("Max-Age=(28[0-7]\\d\\d|28800)").doesNotContain("Secure").doesNotContain(adminKey)
                .doesNotContain(keyIdOf(adminKey));
        assertThat(console.get("/console/users").status()).isEqualTo(200);

        // behind a trusted proxy that ended TLS, the cookie is Secure; the sign-in form's cookie too
        ConsoleClient overHttps = new ConsoleClient(server.getURI());
        ConsoleClient.Page form = overHttps.get("/console/sign-in", "X-Forwarded-Proto", "https");
        assertThat(form.cookie("latchkey_console_sign_in")).contains("Secure").containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict");
        ConsoleClient.Page secure = overHttps.postForm("/console/sign-in", Map.of("csrf", overHttps.token(),
                "key", adminKey), "X-Forwarded-Proto", "https");
        assertThat(secure.cookie("latchkey_console")).contains("Secure").containsIgnoringCase("HttpOnly");
        // the session id is random, not derived from the key
        assertThat(secure.cookie("latchkey_console")).isNotEqualTo(cookie);
    }

    @Test
    void pagesAreNeverCachedNorFramedAndRunOnlyTheirOwnScripts() {
        console.signIn(adminKey);
        ConsoleClient.Page users = console.get("/console/users");

        assertThat(users.header("Cache-Control")).isEqualTo("no-store");
        assertThat(users.header("Content-Security-Policy")).contains("script-src 'self'")
                .contains("frame-ancestors 'none'").contains("default-src 'none'");
        assertThat(users.html()).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script>");
        assertThat(console.get("/console/static/console.css").status()).isEqualTo(200);
    }

    @Test
    void aFormWithoutItsTokenIsRefusedAndDoesNothing() {
        console.signIn(adminKey);
        String sessionToken = console.get("/console/users").token();

        ConsoleClient.Page without = console.postForm("/console/users", Map.of("name", "Mallory"));
        ConsoleClient.Page wrong = console.postForm("/console/users", Map.of("name", "Mallory", "csrf", "forged"));

        assertThat(without.status()).as(without.html()).isEqualTo(403);
        assertThat(without.html()).contains("Nothing was done");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(api.get("/v1/users?q=Mallory", "X-API-Key", adminKey).field("items")).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
        ConsoleClient.Page withToken = console.postForm("/console/users", Map.of("name", "Mallory", "csrf",
                sessionToken));
        assertThat(withToken.status()).isEqualTo(303);
        assertThat(api.get("/v1/users?q=Mallory", "X-API-Key", adminKey).field("items")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
        // signing out needs the token too, and signing in needs the sign-in form's
        assertThat(console.postForm("/console/sign-out", Map.of()).status()).isEqualTo(403);
        assertThat(console.get("/console/users").status()).isEqualTo(200);
        ConsoleClient stranger = new ConsoleClient(server.getURI());
        assertThat(stranger.postForm("/console/sign-in", Map.of("key", adminKey)).status()).isEqualTo(403);
        assertThat(stranger.cookies()).doesNotContainKey("latchkey_console");
    }

    @Test
    void everyFormOfTheConsoleRefusesAPostWithoutItsToken() {
        String userId = newUserId("Victim");
        String key = (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"k\",\"scopes\":[]}",
                "X-API-Key", adminKey).field("key");
        console.signIn(adminKey);
        List<String> posts = router.uriRoutes().map(UriRouteInfo.class::cast)
                .filter(route -> route.getHttpMethod() == HttpMethod.POST)
                .map(route -> route.getUriMatchTemplate().toString())
                .filter(path -> path.startsWith("/console") && !path.equals("/console/sign-in"))
                .toList();

        assertThat(posts).contains("/console/users", "/console/users/{userId}/keys", "/console/keys/{keyId}/revoke",
                "/console/keys/{keyId}/rotate", "/console/users/{userId}/delete", "/console/verify",
                "/console/sign-out");
        for (String template : posts) {
            String path = template.replace("{userId}", userId).replace("{keyId}", keyIdOf(key));
            ConsoleClient.Page refused = console.postForm(path, Map.of("name", "x", "status", "disabled",
                    "graceSeconds", "0", "key", key));
            assertThat(refused.status()).as(path).isEqualTo(403);
        }
        assertThat(api.get("/v1/users/" + userId, "X-API-Key", adminKey).field("status")).isEqualTo("active");
        assertThat(getApiKey.get(new KeyId(keyIdOf(key))).isRevoked()).isFalse();
        assertThat(getApiKey.get(new KeyId(keyIdOf(key))).rotatedTo()).isNull();
    }

    @Test
    void aKeyWithoutKeysWriteSeesNoIssueRotateOrRevokeAndIsRefusedWhenPostingAnyway() {
        String userId = newUserId("Reader's customer");
        String key = (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"k\",\"scopes\":[]}",
                "X-API-Key", adminKey).field("key");
        String reader = Api.keyWithScopes(registerUser, issueApiKey, "users:read", "keys:read", "audit:read");
        console.signIn(reader);

        ConsoleClient.Page user = console.get("/console/users/" + userId);
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.html()).contains(keyIdOf(key).substring(0, 4)).doesNotContain("Issue key")
                .doesNotContain("/keys\"").doesNotContain("Disable user").doesNotContain("Delete user");
        ConsoleClient.Page keyPage = console.get("/console/keys/" + keyIdOf(key));
        assertThat(keyPage.status()).isEqualTo(200);
        assertThat(keyPage.html()).doesNotContain("Revoke key").doesNotContain("Rotate key").doesNotContain("/revoke");

        ConsoleClient.Page issue = console.post("/console/users/" + userId + "/keys", "name", "sneaky");
        ConsoleClient.Page revoke = console.post("/console/keys/" + keyIdOf(key) + "/revoke");
        ConsoleClient.Page revokeForm = console.get("/console/keys/" + keyIdOf(key) + "/revoke");

        assertThat(issue.status()).isEqualTo(403);
        assertThat(issue.html()).contains("keys:write");
        assertThat(revoke.status()).isEqualTo(403);
        assertThat(revokeForm.status()).isEqualTo(403);
        assertThat(getApiKey.get(new KeyId(keyIdOf(key))).isRevoked()).isFalse();
        assertThat(api.get("/v1/users/" + userId + "/keys", "X-API-Key", adminKey).field("items")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
        // and what its scopes do not allow at all is not in its menu
        assertThat(console.get("/console/verify").status()).isEqualTo(403);
        assertThat(user.html()).doesNotContain("href=\"/console/verify\"");
    }

    @Test
    void noPageShowsKeyMaterialButTheOneTimeDisplay() {
        String userId = newUserId("Ada");
        console.signIn(adminKey);
        console.get("/console/users/" + userId);

        ConsoleClient.Page issued = console.post("/console/users/" + userId + "/keys", "name", "ci", "scopes",
                "orders:read", "meta", "{\"plan\":\"pro\"}");
        assertThat(issued.status()).isEqualTo(200);
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        var shown = ANY_KEY.matcher(issued.html()).results().map(r -> r.group()).toList();
        assertThat(shown).hasSize(1);
        String newKey = shown.get(0);
        assertThat(api.get("/v1/me", "X-API-Key", newKey).status()).isEqualTo(200);
        console.get("/console/verify");
        ConsoleClient.Page verdict = console.post("/console/verify", "key", newKey);
        assertThat(verdict.html()).contains("Valid");
        console.get("/console/keys/" + keyIdOf(newKey));
        ConsoleClient.Page rotated = console.post("/console/keys/" + keyIdOf(newKey) + "/rotate", "graceSeconds", "60");
        assertThat(ANY_KEY.matcher(rotated.html()).results().count()).isEqualTo(1);

        for (String path : List.of("/console/users", "/console/users/" + userId, "/console/users/" + userId + "?all=1",
                "/console/keys/" + keyIdOf(newKey), "/console/keys/" + keyIdOf(newKey) + "?granularity=day",
                "/console/audit", "/console/audit?keyId=" + keyIdOf(newKey), "/console/verify",
                "/console/keys/" + keyIdOf(newKey) + "/revoke", "/console/users/" + userId + "/delete",
                "/console/sign-in")) {
            ConsoleClient.Page page = console.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(ANY_KEY.matcher(page.html()).find()).as(path + " shows a key").isFalse();
            assertThat(page.html()).as(path).doesNotContain(newKey).doesNotContain(adminKey)
                    .doesNotContain(newKey.substring(newKey.length() - 20));
        }
    }

    @Test
    void aRevokedKeyEndsItsSessionAtItsNextRequest() {
        String key = Api.keyWithScopes(registerUser, issueApiKey, "users:read");
        console.signIn(key);
        assertThat(console.get("/console/users").status()).isEqualTo(200);

        revokeApiKey.revoke(Caller.SERVICE, new KeyId(keyIdOf(key)));
        ConsoleClient.Page next = console.get("/console/users");

        assertThat(next.status()).isEqualTo(303);
        assertThat(next.header("Location")).isEqualTo("/console/sign-in?ended=revoked");
        assertThat(next.cookie("latchkey_console")).contains("Max-Age=0");
        assertThat(console.get("/console/sign-in?ended=revoked").html()).contains("has been revoked");
        assertThat(console.signIn(key).status()).isEqualTo(401);
    }

    @Test
    void aKeyNoLongerAllowedFromTheClientsAddressEndsItsSession() {
        User owner = registerUser.register(new dev.latchkey.application.port.in.users.RegisterUser.Command("F", null, null));
        String key = issueApiKey.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "office", Scopes.parse(List.of("admin")),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(AllowedCidrs.parse(List.of("127.0.0.1"))))).plaintext();
        console.signIn(key);
        assertThat(console.get("/console/users").status()).isEqualTo(200);

        updateApiKey.update(Caller.SERVICE, new UpdateApiKey.Command(new KeyId(keyIdOf(key)), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Optional.of(AllowedCidrs.parse(List.of("203.0.113.0/24"))))));
        ConsoleClient.Page next = console.get("/console/users");

        assertThat(next.status()).isEqualTo(303);
        assertThat(next.header("Location")).isEqualTo("/console/sign-in?ended=address");
        assertThat(console.get("/console/sign-in?ended=address").html())
                .contains("may not be used from this address");
    }

    @Test
    void anExpiredKeyEndsItsSessionToo() {
        User owner = registerUser.register(new dev.latchkey.application.port.in.users.RegisterUser.Command("E", null, null));
        String key = issueApiKey.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "short", Scopes.parse(List.of("admin")),
                Optional.empty(), Optional.of(clock.instant().plusSeconds(60)))).plaintext();
        console.signIn(key);
        assertThat(console.get("/console/users").status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(61));
        ConsoleClient.Page next = console.get("/console/users");

        assertThat(next.status()).isEqualTo(303);
        assertThat(next.header("Location")).isEqualTo("/console/sign-in?ended=expired");
    }

    @Test
    void signingOutEndsTheSessionForGood() {
        console.signIn(adminKey);
        String sessionId = console.cookies().get("latchkey_console");
        console.get("/console/users");

        ConsoleClient.Page out = console.post("/console/sign-out");

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/console/sign-in?signed-out=1");
        assertThat(out.cookie("latchkey_console")).contains("Max-Age=0");
        console.cookies().put("latchkey_console", sessionId); // a copy of the cookie kept elsewhere is worthless
        assertThat(console.get("/console/users").status()).isEqualTo(303);
    }

    @Test
    void aRefusedKeySignsNothingInAndSaysWhy() {
        char last = adminKey.charAt(adminKey.length() - 1);
        ConsoleClient.Page bad = console.signIn(adminKey.substring(0, adminKey.length() - 1) + (last == 'x' ? 'y' : 'x'));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.html()).contains("cannot sign in");
        assertThat(bad.cookie("latchkey_console")).isNull();

        String noConsoleScope = Api.keyWithScopes(registerUser, issueApiKey, "orders:read");
        ConsoleClient.Page useless = console.signIn(noConsoleScope);
        assertThat(useless.status()).isEqualTo(403);
        assertThat(useless.cookie("latchkey_console")).isNull();
        assertThat(console.get("/console/users").header("Location")).isEqualTo("/console/sign-in");
    }

    @Test
    void aDisabledOwnerEndsTheSessionToo() {
        User owner = registerUser.register(new dev.latchkey.application.port.in.users.RegisterUser.Command("Owner", null, null));
        String key = issueApiKey.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "support", Scopes.parse(List.of("users:read")),
                Optional.empty(), Optional.empty())).plaintext();
        console.signIn(key);
        assertThat(console.get("/console/users").status()).isEqualTo(200);

        api.send("PATCH", "/v1/users/" + owner.id().value(), "{\"status\":\"disabled\"}", "X-API-Key", adminKey);

        assertThat(console.get("/console/users").header("Location")).isEqualTo("/console/sign-in?ended=disabled");
    }

    @Test
    void aSessionEndsAfterItsLifetimeWhateverItsUse() {
        console.signIn(adminKey);
        assertThat(console.get("/console/users").status()).isEqualTo(200);

        clock.advance(Duration.ofHours(8));

        assertThat(console.get("/console/users").header("Location")).isEqualTo("/console/sign-in");
    }

    @Test
    void aSessionEndsAfterHalfAnHourIdleButNotWhileInUse() {
        console.signIn(adminKey);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(console.get("/console/users").status()).as("used every 20 minutes").isEqualTo(200);
        }

        clock.advance(Duration.ofMinutes(31));

        assertThat(console.get("/console/users").header("Location")).isEqualTo("/console/sign-in");
    }

    @Test
    void aKeyInAHeaderDoesNotOpenTheConsole() {
        ConsoleClient.Page page = console.get("/console/users", "X-API-Key", adminKey);
        ConsoleClient.Page form = console.postForm("/console/users", Map.of("name", "Header"), "X-API-Key", adminKey);

        assertThat(page.status()).isEqualTo(403);
        assertThat(page.html()).contains("sign-in page");
        assertThat(form.status()).isEqualTo(403);
        assertThat(api.get("/v1/users?q=Header", "X-API-Key", adminKey).field("items"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
    }

    @Test
    void theVerifyBoxIsARealVerificationAuditedAndCounted() {
        String userId = newUserId("Verified");
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"k\",\"scopes\":[]}",
                "X-API-Key", adminKey).json();
        String key = (String) issued.get("key");
        String keyId = (String) issued.get("id");
        console.signIn(adminKey);
        console.get("/console/verify");

        ConsoleClient.Page valid = console.post("/console/verify", "key", key);
        ConsoleClient.Page lacking = console.post("/console/verify", "key", key, "scopes", "orders:write");

        assertThat(valid.html()).contains(">Valid<").doesNotContain(key);
        assertThat(lacking.html()).contains("Refused: INSUFFICIENT_SCOPE").contains("lacks a required scope");
        Api.eventually(() -> {
            assertThat(api.get("/v1/audit-events?type=key.verified&keyId=" + keyId, "X-API-Key", adminKey)
                    .field("items")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
            assertThat(api.get("/v1/audit-events?type=key.rejected&keyId=" + keyId, "X-API-Key", adminKey)
                    .field("items")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
        });
    }
}
