package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.bootstrap.RawHttp.Reply;
import dev.latchkey.bootstrap.RecordingUpstream.Seen;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What every documented gateway configuration must do, checked through a real gateway in front of a
 * {@link RecordingUpstream} and the packaged Latchkey. The configuration protects {@code /} (any valid key) and
 * {@code /reports/} (a key granting {@code reports:read}).
 */
final class GatewayContract {

    /** The repository's docs/, whose gateway examples the tests run. */
    static final Path DOCS = Path.of(System.getProperty("latchkey.docs", "../docs"));

    /** Bounds how long a revoked key may still pass (issue 26: revocation within 1 s). */
    static final Duration REVOCATION = Duration.ofSeconds(1);

    private GatewayContract() {
    }

    /**
     * Runs every check through the gateway at {@code port}, with keys of a user it creates.
     * {@code gatewayLogs} explains a failed assertion. Returns the keys it used, for the caller to look for in logs.
     */
    static List<String> holds(int port, RunningJar latchkey, String[] admin, RecordingUpstream upstream,
            Callable<String> gatewayLogs) throws Exception {
        String userId = (String) latchkey.api.post("/v1/users", "{\"name\":\"Grace\"}", admin).field("id");
        String key = issue(latchkey, admin, userId, "[\"process\",\"orders:write\"]", "");
        String keyId = key.substring(3, 15);
        String reports = issue(latchkey, admin, userId, "[\"reports:read\"]", "");
        String limited = issue(latchkey, admin, userId, "[]",
                ",\"rateLimit\":{\"limit\":1,\"periodSeconds\":3600}");
        upstream.drain();

        // no key, or a wrong one: 401 with the challenge, and the application is not asked
        Reply noKey = RawHttp.send(port, "GET", "/orders", null);
        assertThat(noKey.status()).as("%s\n%s", noKey, gatewayLogs.call()).isEqualTo(401);
        assertThat(noKey.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");
        assertThat(noKey.headers().get("www-authenticate")).as("one challenge, not repeated").hasSize(1);
        Reply wrongKey = RawHttp.send(port, "GET", "/orders", null, "X-API-Key: lk_" + "A".repeat(50));
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.header("WWW-Authenticate")).startsWith("Bearer realm=\"latchkey\"");
        assertThat(upstream.drain()).as("requests refused by Latchkey").isEmpty();

        // a valid key with forged identity headers, dash and underscore forms: the application sees Latchkey's
        // identity only, and neither the forgeries nor the key
        Reply forged = RawHttp.send(port, "GET", "/orders/42?page=2", null, "X-API-Key: " + key,
                "X-Latchkey-User-Id: forged-user", "X-Latchkey-Key-Id: forged-key", "X-Latchkey-Scopes: admin",
                "X_Latchkey_User_Id: forged-user", "X_Latchkey_Key_Id: forged-key", "x_latchkey_scopes: admin",
                "X_LATCHKEY_USER_ID: forged-user", "X-Latchkey_User-Id: forged-user", "X_Latchkey-User_Id: forged-user",
                "x-latchkey_scopes: admin", "X-LATCHKEY-KEY_ID: forged-key");
        assertThat(forged.status()).as("%s\n%s", forged, gatewayLogs.call()).isEqualTo(200);
        Seen seen = upstream.next();
        assertThat(seen.uri()).isEqualTo("/orders/42?page=2");
        assertIdentity(seen, userId, keyId, "orders:write,process");
        assertThat(seen.contains("forged")).as("forged identity reached the application:\n%s", seen).isFalse();
        assertThat(seen.contains("admin")).as("forged scopes reached the application:\n%s", seen).isFalse();
        assertKeyWithheld(seen, key);

        // the key in Authorization: Bearer does not reach the application either
        Reply bearer = RawHttp.send(port, "GET", "/orders", null, "Authorization: Bearer " + key);
        assertThat(bearer.status()).as("%s", bearer).isEqualTo(200);
        seen = upstream.next();
        assertIdentity(seen, userId, keyId, "orders:write,process");
        assertThat(seen.header("Authorization")).as("%s", seen).isEmpty();
        assertKeyWithheld(seen, key);
        Reply lowerCase = RawHttp.send(port, "GET", "/orders", null, "authorization: bearer " + key);
        assertThat(lowerCase.status()).as("%s", lowerCase).isEqualTo(200);
        assertKeyWithheld(upstream.next(), key);

        // an Authorization that is not Latchkey's (the key is in X-API-Key) is the application's: passed on
        Reply basic = RawHttp.send(port, "GET", "/orders", null, "X-API-Key: " + key,
                "Authorization: Basic dXNlcjpwdw==");
        assertThat(basic.status()).as("%s", basic).isEqualTo(200);
        seen = upstream.next();
        assertThat(seen.header("Authorization")).containsExactly("Basic dXNlcjpwdw==");
        assertKeyWithheld(seen, key);

        // any method, any body, any Content-Type and Accept: Latchkey decides on the key alone, and the application
        // gets the request as the client sent it (less the key)
        String[][] requests = {
                {"POST", "application/x-www-form-urlencoded", "text/csv", "a=1&b=two"},
                {"POST", "application/json", "application/xml", "{\"order\":42}"},
                {"PUT", "text/plain; charset=utf-8", "image/*", "plain text"},
                {"PATCH", "application/octet-stream", "text/event-stream", "\u0001\u0002"},
                {"DELETE", null, "application/problem+json", null},
                {"OPTIONS", null, "text/html", null}};
        for (String[] request : requests) {
            String method = request[0];
            List<String> headers = new java.util.ArrayList<>(List.of("X-API-Key: " + key, "Accept: " + request[2]));
            if (request[1] != null) {
                headers.add("Content-Type: " + request[1]);
            }
            Reply reply = RawHttp.send(port, method, "/orders/7", request[3], headers.toArray(String[]::new));
            assertThat(reply.status()).as("%s %s: %s\n%s", method, request[1], reply, gatewayLogs.call())
                    .isEqualTo(200);
            seen = upstream.next();
            assertThat(seen.method()).isEqualTo(method);
            assertThat(seen.body()).isEqualTo(request[3] == null ? "" : request[3]);
            assertThat(seen.header("Accept")).containsExactly(request[2]);
            if (request[1] != null) {
                assertThat(seen.header("Content-Type")).containsExactly(request[1]);
            }
            assertIdentity(seen, userId, keyId, "orders:write,process");
            assertKeyWithheld(seen, key);
        }

        // a key lacking the location's scope: 403, the application is not asked; a key holding it passes
        Reply lacking = RawHttp.send(port, "GET", "/reports/q3", null, "X-API-Key: " + key);
        assertThat(lacking.status()).as("%s", lacking).isEqualTo(403);
        assertThat(lacking.headers().get("www-authenticate")).as("%s", lacking)
                .containsExactly("Bearer realm=\"latchkey\", error=\"insufficient_scope\", scope=\"reports:read\"");
        assertThat(upstream.drain()).isEmpty();
        // the location itself, without its slash or in capitals, is not a way around its scope: refused (Caddy) or
        // redirected to the protected location (nginx), never passed to the application
        for (String around : List.of("/reports", "/REPORTS/q3", "/Reports")) {
            Reply aroundScope = RawHttp.send(port, "GET", around, null, "X-API-Key: " + key);
            assertThat(aroundScope.status()).as("%s %s", around, aroundScope).isNotEqualTo(200);
            assertThat(upstream.drain()).as(around).isEmpty();
        }
        assertThat(RawHttp.send(port, "GET", "/reports/q3", null, "X-API-Key: " + reports).status()).isEqualTo(200);
        assertIdentity(upstream.next(), userId, reports.substring(3, 15), "reports:read");

        // a key over its rate limit: 429 with Retry-After reaches the client
        assertThat(RawHttp.send(port, "GET", "/orders", null, "X-API-Key: " + limited).status()).isEqualTo(200);
        assertKeyWithheld(upstream.next(), limited);
        Reply overLimit = RawHttp.send(port, "GET", "/orders", null, "X-API-Key: " + limited);
        assertThat(overLimit.status()).as("%s\n%s", overLimit, gatewayLogs.call()).isEqualTo(429);
        assertThat(overLimit.header("Retry-After")).as("%s", overLimit).matches("[1-9][0-9]*");
        assertThat(upstream.drain()).isEmpty();

        // revocation: once Latchkey has answered the revocation, a request through the gateway is refused within
        // REVOCATION (the first request after it counts if it is refused at once)
        assertThat(latchkey.api.post("/v1/keys/" + keyId + "/revoke", null, admin).status()).isEqualTo(200);
        Instant deadline = Instant.now().plus(REVOCATION);
        Reply afterRevocation;
        do {
            afterRevocation = RawHttp.send(port, "GET", "/orders", null, "X-API-Key: " + key);
        } while (afterRevocation.status() == 200 && Instant.now().isBefore(deadline));
        assertThat(afterRevocation.status()).as("a revoked key, %s after the revocation", REVOCATION).isEqualTo(401);
        upstream.drain();
        return List.of(key, reports, limited);
    }

    private static void assertIdentity(Seen seen, String userId, String keyId, String scopes) {
        assertThat(seen.header("X-Latchkey-User-Id")).as("%s", seen).containsExactly(userId);
        assertThat(seen.header("X-Latchkey-Key-Id")).as("%s", seen).containsExactly(keyId);
        assertThat(seen.header("X-Latchkey-Scopes")).as("%s", seen).containsExactly(scopes);
        assertThat(seen.latchkeyHeaderNames()).as("identity headers the application received:\n%s", seen)
                .allMatch(name -> List.of("x-latchkey-user-id", "x-latchkey-key-id", "x-latchkey-scopes")
                        .contains(name.toLowerCase(java.util.Locale.ROOT)));
    }

    private static void assertKeyWithheld(Seen seen, String key) {
        assertThat(seen.header("X-API-Key")).as("%s", seen).isEmpty();
        assertThat(seen.contains(key)).as("the key reached the application:\n%s", seen).isFalse();
        assertThat(seen.contains(key.substring(15))).as("the key's secret reached the application:\n%s", seen)
                .isFalse();
    }

    private static String issue(RunningJar latchkey, String[] admin, String userId, String scopes, String more) {
        return (String) latchkey.api.post("/v1/users/" + userId + "/keys",
                "{\"name\":\"gateway\",\"scopes\":" + scopes + more + "}", admin).field("key");
    }
}
