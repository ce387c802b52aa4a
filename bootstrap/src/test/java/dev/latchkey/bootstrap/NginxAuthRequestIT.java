package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx example of the repository ({@code docs/gateways/nginx}) with a real nginx on loopback, in front of a
 * trivial upstream, asking the packaged Latchkey: {@link GatewayContract} through it, then what is particular to
 * nginx. Fails, never skips, when nginx is missing and cannot be installed.
 */
class NginxAuthRequestIT {

    @Test
    void protectsAnUpstreamWithAuthRequest(@TempDir Path dir) throws Exception {
        String adminKey = RunningJar.generateKey();
        String[] admin = {"X-API-Key", adminKey};
        try (RecordingUpstream upstream = RecordingUpstream.start();
             RunningJar latchkey = RunningJar.start(dir, Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey,
                "LATCHKEY_HTTP_TRUSTED_PROXIES", "127.0.0.1/32", "LATCHKEY_THROTTLE_MAX_FAILURES", "5"));
             NginxProcess nginx = exampleNginx(dir, latchkey.port(), upstream.port())) {
            String userId = (String) latchkey.api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
            String plain = issue(latchkey.api, admin, userId, "[\"process\"]");
            String reports = issue(latchkey.api, admin, userId, "[\"reports:read\"]");
            Api client = new Api(URI.create("http://127.0.0.1:" + nginx.port()), JsonMapper.createDefault());
            List<String> keys = GatewayContract.holds(nginx.port(), latchkey, admin, upstream, nginx::errors);
            // nginx drops a client's headers with underscores (underscores_in_headers off), and logs no key
            assertThat(nginx.errors()).doesNotContain(keys.get(0)).doesNotContain(keys.get(1));

            Api.Response noKey = client.get("/orders");
            assertThat(noKey.status()).as(nginx.errors()).isEqualTo(401);
            assertThat(noKey.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");

            Api.Response reached = client.get("/orders", "X-API-Key", plain, "X-Latchkey-User-Id", "forged");
            assertThat(reached.status()).as(reached.body()).isEqualTo(200);
            assertThat(reached.body()).isEqualTo("upstream saw user " + userId + " scopes process");
            assertThat(client.post("/orders", "{\"big\":\"body\"}", "Authorization", "Bearer " + plain).status())
                    .isEqualTo(200);

            assertThat(client.get("/reports/q3", "X-API-Key", plain).status()).isEqualTo(403);
            assertThat(client.get("/reports/q3", "X-API-Key", reports).status()).isEqualTo(200);

            // a client at 127.0.0.2 guesses keys through nginx (which reaches Latchkey from 127.0.0.1, trusted):
            // that client is throttled, with a spoofed X-Forwarded-For too, while nginx's other clients are not
            for (int i = 0; i < 5; i++) {
                assertThat(NginxProcess.getFrom("127.0.0.2", nginx.port(), "/orders", "X-API-Key: lk_guess" + i)).startsWith("401");
            }
            String throttled = NginxProcess.getFrom("127.0.0.2", nginx.port(), "/orders", "X-API-Key: " + plain);
            assertThat(throttled).as(nginx.errors()).startsWith("429");
            assertThat(throttled).containsIgnoringCase("retry-after: ");
            assertThat(NginxProcess.getFrom("127.0.0.2", nginx.port(), "/orders", "X-API-Key: " + plain,
                    "X-Forwarded-For: 198.51.100.1")).startsWith("429");
            assertThat(client.get("/orders", "X-API-Key", plain).status()).as("a client at 127.0.0.1").isEqualTo(200);

            // a key with a rate limit: its headers reach the client through nginx, and so does its 429
            String limited = (String) latchkey.api.post("/v1/users/" + userId + "/keys",
                    "{\"name\":\"gw\",\"scopes\":[],\"rateLimit\":{\"limit\":2,\"periodSeconds\":3600}}", admin)
                    .field("key");
            Api.Response first = client.get("/orders", "X-API-Key", limited);
            assertThat(first.status()).as(nginx.errors()).isEqualTo(200);
            assertThat(first.header("RateLimit-Limit")).isEqualTo("2");
            assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
            assertThat(first.header("RateLimit-Reset")).isNotBlank();
            assertThat(client.get("/orders", "X-API-Key", limited).header("RateLimit-Remaining")).isEqualTo("0");
            Api.Response overLimit = client.get("/orders", "X-API-Key", limited);
            assertThat(overLimit.status()).as(nginx.errors()).isEqualTo(429);
            assertThat(overLimit.header("Retry-After")).isNotBlank();
            assertThat(overLimit.header("RateLimit-Remaining")).isEqualTo("0");
            assertThat(client.get("/orders", "X-API-Key", plain).header("RateLimit-Limit")).as("a key without a limit")
                    .isNull();

            // a key allowed only from 127.0.0.3 and 2001:db8::/32: nginx's clients elsewhere get its 403, and a
            // client cannot name an allowed address in X-Forwarded-For (nginx replaces it with the real one)
            String fenced = (String) latchkey.api.post("/v1/users/" + userId + "/keys",
                    "{\"name\":\"office\",\"scopes\":[],\"allowedCidrs\":[\"127.0.0.3\",\"2001:db8::/32\"]}", admin)
                    .field("key");
            assertThat(NginxProcess.getFrom("127.0.0.3", nginx.port(), "/orders", "X-API-Key: " + fenced))
                    .as(nginx.errors()).startsWith("200");
            assertThat(NginxProcess.getFrom("127.0.0.4", nginx.port(), "/orders", "X-API-Key: " + fenced))
                    .startsWith("403");
            assertThat(NginxProcess.getFrom("127.0.0.4", nginx.port(), "/orders", "X-API-Key: " + fenced,
                    "X-Forwarded-For: 127.0.0.3")).startsWith("403");
            assertThat(client.get("/orders", "X-API-Key", fenced).status()).as("from 127.0.0.1").isEqualTo(403);
            assertThat(NginxProcess.getFrom("127.0.0.4", nginx.port(), "/orders", "X-API-Key: " + plain))
                    .as("another key from there").startsWith("200");

            String keyId = plain.substring(3, 15);
            assertThat(latchkey.api.post("/v1/keys/" + keyId + "/revoke", null, admin).status()).isEqualTo(200);
            assertThat(client.get("/orders", "X-API-Key", plain).status()).isEqualTo(401);
        }
    }

    /** nginx with the repository's example, pointed at this Latchkey and this upstream. */
    private static NginxProcess exampleNginx(Path dir, int latchkeyPort, int upstreamPort) throws Exception {
        Path examples = GatewayContract.DOCS.resolve("gateways/nginx");
        int port = RunningJar.freePort();
        String example = Files.readString(examples.resolve("latchkey-auth-request.conf"))
                .replace("127.0.0.1:8080", "127.0.0.1:" + latchkeyPort)
                .replace("127.0.0.1:9000", "127.0.0.1:" + upstreamPort)
                .replace("127.0.0.1:8000", "127.0.0.1:" + port);
        return NginxProcess.start(dir, port, "latchkey-auth-request.conf", Map.of("latchkey-auth-request.conf", example,
                "latchkey-identity.conf", Files.readString(examples.resolve("latchkey-identity.conf"))));
    }

    private static String issue(Api api, String[] admin, String userId, String scopes) {
        return (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"gw\",\"scopes\":" + scopes + "}", admin)
                .field("key");
    }
}
