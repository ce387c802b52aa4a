package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Caddy example of the repository ({@code docs/gateways/caddy/Caddyfile}) run verbatim, but for its addresses,
 * by a real Caddy (Debian's package) on loopback, in front of a {@link RecordingUpstream}, asking the packaged
 * Latchkey: {@link GatewayContract} through it, and the key in none of Caddy's logs.
 */
class CaddyForwardAuthIT {

    private static final Path EXAMPLE = GatewayContract.DOCS.resolve("gateways/caddy/Caddyfile");

    @Test
    void protectsAnUpstreamWithForwardAuth(@TempDir Path dir) throws Exception {
        String adminKey = RunningJar.generateKey();
        String[] admin = {"X-API-Key", adminKey};
        List<String> keys;
        CaddyProcess caddy;
        try (RecordingUpstream upstream = RecordingUpstream.start()) {
            RunningJar latchkey = RunningJar.start(dir, Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey,
                    "LATCHKEY_HTTP_TRUSTED_PROXIES", "127.0.0.1/32"));
            try {
                caddy = exampleCaddy(dir, latchkey.port(), upstream.port());
                try {
                    keys = GatewayContract.holds(caddy.port(), latchkey, admin, upstream, caddy::log);
                    // Latchkey sees the client's address through Caddy, whatever the client claims: a key allowed
                    // only from 127.0.0.3 passes from there, and not from 127.0.0.4 naming 127.0.0.3
                    String userId = (String) latchkey.api.post("/v1/users", "{\"name\":\"Lin\"}", admin).field("id");
                    String fenced = (String) latchkey.api.post("/v1/users/" + userId + "/keys",
                            "{\"name\":\"office\",\"scopes\":[],\"allowedCidrs\":[\"127.0.0.3\"]}", admin)
                            .field("key");
                    assertThat(NginxProcess.getFrom("127.0.0.3", caddy.port(), "/orders", "X-API-Key: " + fenced))
                            .as(caddy.log()).startsWith("200");
                    assertThat(NginxProcess.getFrom("127.0.0.4", caddy.port(), "/orders", "X-API-Key: " + fenced,
                            "X-Forwarded-For: 127.0.0.3", "X-Real-IP: 127.0.0.3")).startsWith("403");
                    assertThat(NginxProcess.getFrom("127.0.0.4", caddy.port(), "/orders", "X-API-Key: " + fenced,
                            "X-Real-IP: 127.0.0.3")).startsWith("403");
                    upstream.drain();
                    // Latchkey unreachable: Caddy answers 502 and logs an error with the request's headers
                    latchkey.close();
                    for (String key : keys) {
                        assertThat(RawHttp.send(caddy.port(), "GET", "/orders", null, "X-API-Key: " + key).status())
                                .isEqualTo(502);
                        assertThat(RawHttp.send(caddy.port(), "GET", "/orders", null, "Authorization: Bearer " + key)
                                .status()).isEqualTo(502);
                    }
                    assertThat(upstream.drain()).isEmpty();
                } finally {
                    caddy.close();
                }
            } finally {
                latchkey.close();
            }
        }
        // the key is in neither the access log nor Caddy's own log (which logs failed requests with their headers)
        String accessLog = Files.readString(caddy.home().resolve("access.log"));
        String caddyLog = caddy.log();
        assertThat(accessLog).as("the access log").contains("\"uri\":\"/orders/42?page=2\"").contains("\"status\":502");
        assertThat(caddyLog).as("Caddy's log records the failed requests").contains("\"logger\":\"http.log.error");
        for (String key : keys) {
            assertThat(accessLog).as("the access log").doesNotContain(key).doesNotContain(key.substring(15));
            assertThat(caddyLog).as("Caddy's log").doesNotContain(key).doesNotContain(key.substring(15));
        }
    }

    /** Caddy with the repository's example, pointed at this Latchkey and this upstream, on free ports. */
    private static CaddyProcess exampleCaddy(Path dir, int latchkeyPort, int upstreamPort) throws Exception {
        int port = RunningJar.freePort();
        String example = Files.readString(EXAMPLE)
                .replace("127.0.0.1:8080", "127.0.0.1:" + latchkeyPort)
                .replace("127.0.0.1:9000", "127.0.0.1:" + upstreamPort)
                .replace("localhost:2019", "127.0.0.1:" + RunningJar.freePort())
                .replace(":8000", ":" + port);
        return CaddyProcess.start(dir, port, example);
    }
}
