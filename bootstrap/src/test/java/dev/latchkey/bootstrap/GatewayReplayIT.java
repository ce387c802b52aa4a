package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-exact replays, against the packaged jar, of the requests Traefik's ForwardAuth, Envoy's ext_authz (HTTP service)
 * and Kubernetes ingress-nginx's {@code auth-url} send to Latchkey with the configurations of docs/gateways/traefik.md,
 * envoy.md and kubernetes-ingress-nginx.md. None of those proxies runs here (no package, no registry): what each sends
 * is taken from its source, cited at each request below. The packaged jar, not the adapter's test server: its
 * application.yml (a 1 MB request limit), the environment variable of the refusal-status setting, the verification
 * cache's revocation bound are the ones users get.
 */
class GatewayReplayIT {

    /** A request written to the socket as it is: request line, these headers in this order, no body. */
    record Replayed(String requestLine, List<String[]> headers) {
    }

    /** The answer: status, headers (lower-case names), body. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final String CLIENT = "203.0.113.7";

    /**
     * Traefik ForwardAuth (pkg/middlewares/auth/forward.go, traefik/traefik; docs "ForwardAuth: Forward-Request
     * Headers"): always {@code GET} to the configured address (here {@code /v1/auth?scopes=...}), no body; every header
     * of the client's request copied (hop-by-hop ones removed: its Content-Length is not a header in Go), then
     * X-Forwarded-For (the client's address), X-Forwarded-Method, X-Forwarded-Proto, X-Forwarded-Host and
     * X-Forwarded-Uri set; Go's client adds Host (the address's), User-Agent when the client sent none, and
     * Accept-Encoding: gzip. The client here: a browser-ish POST of a form to https://shop.example.com/orders/42?page=2
     * that forges the identity headers.
     */
    static Replayed traefik(String address, String... clientHeaders) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Host", "127.0.0.1"});
        headers.add(new String[] {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"});
        headers.add(new String[] {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"});
        headers.add(new String[] {"Accept-Language", "en-GB,en;q=0.5"});
        headers.add(new String[] {"Content-Type", "application/x-www-form-urlencoded"});
        headers.add(new String[] {"Cookie", "session=abc"});
        headers.add(new String[] {"X-Latchkey-User-Id", "forged-user"});
        headers.add(new String[] {"X-Latchkey-Scopes", "admin"});
        pairs(headers, clientHeaders);
        headers.add(new String[] {"X-Forwarded-For", CLIENT});
        headers.add(new String[] {"X-Forwarded-Method", "POST"});
        headers.add(new String[] {"X-Forwarded-Proto", "https"});
        headers.add(new String[] {"X-Forwarded-Host", "shop.example.com"});
        headers.add(new String[] {"X-Forwarded-Uri", "/orders/42?page=2"});
        headers.add(new String[] {"Accept-Encoding", "gzip"});
        return new Replayed("GET " + address + " HTTP/1.1", headers);
    }

    /**
     * Envoy ext_authz, HTTP service (source/extensions/filters/common/ext_authz/ext_authz_http_impl.cc,
     * envoyproxy/envoy: RawHttpClientImpl::check, ClientConfig::toRequestMatchers): the client's method; the path is
     * {@code path_prefix} + the client's path and query; only the headers {@code allowed_headers} matches plus
     * Authorization, :method, :path and :authority (Host, the client's); Content-Length: 0 and no body (no
     * {@code with_request_body}); {@code headers_to_add} set (here X-Required-Scopes, overwriting a client's); the
     * router adds x-envoy-expected-rq-timeout-ms for the filter's timeout. The client: a PUT of JSON.
     */
    static Replayed envoy(String method, String clientPathAndQuery, String requiredScopes, String... clientHeaders) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"host", "shop.example.com"});
        headers.add(new String[] {"content-length", "0"});
        pairs(headers, clientHeaders);
        headers.add(new String[] {"x-forwarded-for", CLIENT});
        if (requiredScopes != null) {
            headers.add(new String[] {"x-required-scopes", requiredScopes});
        }
        headers.add(new String[] {"x-envoy-expected-rq-timeout-ms", "500"});
        return new Replayed(method + " /v1/auth" + clientPathAndQuery + " HTTP/1.1", headers);
    }

    /**
     * Kubernetes ingress-nginx, {@code nginx.ingress.kubernetes.io/auth-url} (rootfs/etc/nginx/template/nginx.tmpl,
     * kubernetes/ingress-nginx, the internal auth location): nginx's auth_request subrequest is a {@code GET} without
     * body (proxy_pass_request_body off, Content-Length and X-Forwarded-Proto emptied, so not sent), to the path and
     * query of auth-url; the client's headers are passed (proxy_pass_request_headers on), plus Host (auth-url's),
     * X-Request-ID, X-Original-URL, X-Original-Method, X-Sent-From, X-Real-IP, X-Forwarded-For and
     * X-Auth-Request-Redirect; {@code auth-proxy-set-headers} adds its ConfigMap's headers. The client: a PUT of bytes.
     */
    static Replayed ingressNginx(String authUrlPathAndQuery, String... clientHeaders) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Host", "latchkey.latchkey.svc.cluster.local"});
        headers.add(new String[] {"X-Request-ID", "0a4b6c1e2f7d9a8b3c5d6e7f8a9b0c1d"});
        headers.add(new String[] {"X-Original-URL", "https://shop.example.com/orders/42?page=2"});
        headers.add(new String[] {"X-Original-Method", "PUT"});
        headers.add(new String[] {"X-Sent-From", "nginx-ingress-controller"});
        headers.add(new String[] {"X-Real-IP", CLIENT});
        headers.add(new String[] {"X-Forwarded-For", CLIENT});
        headers.add(new String[] {"X-Auth-Request-Redirect", "/orders/42?page=2"});
        headers.add(new String[] {"Connection", "close"});
        headers.add(new String[] {"User-Agent", "curl/8.5.0"});
        headers.add(new String[] {"Accept", "application/xml"});
        headers.add(new String[] {"Content-Type", "application/octet-stream"});
        headers.add(new String[] {"X-Latchkey-User-Id", "forged-user"});
        pairs(headers, clientHeaders);
        // auth-proxy-set-headers: the ConfigMap of docs/gateways/kubernetes-ingress-nginx.md
        headers.add(new String[] {"X-Latchkey-Refusal-Status", "403"});
        return new Replayed("GET " + authUrlPathAndQuery + " HTTP/1.1", headers);
    }

    private static void pairs(List<String[]> headers, String... nameValues) {
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(new String[] {nameValues[i], nameValues[i + 1]});
        }
    }

    @Test
    void theRequestsOfTraefikEnvoyAndIngressNginxGetTheContract(@TempDir Path dir) throws Exception {
        String adminKey = RunningJar.generateKey();
        String[] admin = {"X-API-Key", adminKey};
        try (RunningJar latchkey = RunningJar.start(dir, Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey,
                "LATCHKEY_HTTP_TRUSTED_PROXIES", "127.0.0.1/32"))) {
            Api api = latchkey.api;
            String userId = (String) api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
            String key = issue(api, admin, userId, "{\"name\":\"gw\",\"scopes\":[\"orders:read\"]}");
            String noScopes = issue(api, admin, userId, "{\"name\":\"bare\",\"scopes\":[]}");
            String keyId = key.substring(3, 15);
            int port = latchkey.port();

            // a valid key: 200, no body, who it is (the forged values are not echoed)
            for (Replayed request : List.of(
                    traefik("/v1/auth?scopes=orders:read", "X-Api-Key", key),
                    traefik("/v1/auth", "Authorization", "Bearer " + key),
                    envoy("POST", "/orders/42?page=2", "orders:read", "x-api-key", key),
                    envoy("OPTIONS", "/orders/42?scopes=billing", null, "x-api-key", key),
                    envoy("PUT", "/", "orders:read", "authorization", "Bearer " + key),
                    ingressNginx("/v1/auth?scopes=orders:read", "X-API-Key", key))) {
                Answer granted = send(port, request);
                assertThat(granted.status()).as(request.requestLine() + ": " + granted.body()).isEqualTo(200);
                assertThat(granted.body()).isEmpty();
                assertThat(granted.header("X-Latchkey-User-Id")).isEqualTo(userId);
                assertThat(granted.header("X-Latchkey-Key-Id")).isEqualTo(keyId);
                assertThat(granted.header("X-Latchkey-Scopes")).isEqualTo("orders:read");
            }
            // empty scopes are still sent, empty, to overwrite a client's X-Latchkey-Scopes
            Answer bare = send(port, traefik("/v1/auth", "X-Api-Key", noScopes));
            assertThat(bare.status()).isEqualTo(200);
            assertThat(bare.headers()).containsEntry("x-latchkey-scopes", "");

            // no key, a bad key: 401 with the challenge, a problem whatever the client accepts
            for (Replayed request : List.of(traefik("/v1/auth?scopes=orders:read"),
                    envoy("POST", "/orders/42", "orders:read"), ingressNginx("/v1/auth?scopes=orders:read"),
                    traefik("/v1/auth", "X-Api-Key", "lk_guessed"), envoy("GET", "/", null, "x-api-key", "lk_x"))) {
                Answer refused = send(port, request);
                assertThat(refused.status()).as(request.requestLine()).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            }

            // a key lacking a scope: 403, from the address's query (Traefik, ingress-nginx) or Envoy's header
            for (Replayed request : List.of(traefik("/v1/auth?scopes=billing", "X-Api-Key", key),
                    envoy("GET", "/orders?scopes=orders:read", "billing", "x-api-key", key),
                    ingressNginx("/v1/auth?scopes=orders:read,billing", "X-API-Key", key))) {
                Answer forbidden = send(port, request);
                assertThat(forbidden.status()).as(request.requestLine()).isEqualTo(403);
                assertThat(forbidden.body()).contains("\"code\":\"insufficient_scope\"");
            }
            // a mistyped address is refused, never read as "no scopes required"
            assertThat(send(port, traefik("/v1/auth?scope=billing", "X-Api-Key", key)).status()).isEqualTo(400);

            // a rate-limited key: 429 with Retry-After; 403 with Retry-After when the proxy asks for it
            String limited = issue(api, admin, userId,
                    "{\"name\":\"l\",\"scopes\":[\"orders:read\"],\"rateLimit\":{\"limit\":1,\"periodSeconds\":3600}}");
            assertThat(send(port, traefik("/v1/auth", "X-Api-Key", limited)).status()).isEqualTo(200);
            for (Replayed request : List.of(traefik("/v1/auth", "X-Api-Key", limited),
                    envoy("POST", "/orders", "orders:read", "x-api-key", limited))) {
                Answer limitedAnswer = send(port, request);
                assertThat(limitedAnswer.status()).as(request.requestLine()).isEqualTo(429);
                assertThat(Long.parseLong(limitedAnswer.header("Retry-After"))).isBetween(1L, 3600L);
                assertThat(limitedAnswer.body()).contains("\"code\":\"rate_limited\"");
            }
            // ingress-nginx: its auth-proxy-set-headers ConfigMap sends X-Latchkey-Refusal-Status: 403
            Answer mapped = send(port, ingressNginx("/v1/auth", "X-API-Key", limited));
            assertThat(mapped.status()).isEqualTo(403);
            assertThat(mapped.body()).contains("\"code\":\"rate_limited\"");
            assertThat(Long.parseLong(mapped.header("Retry-After"))).isBetween(1L, 3600L);

            // a client body is never read: an upload larger than the server's 1 MB limit (Envoy with_request_body
            // off sends none, but a gateway that forwards the body does not break /v1/auth)
            Answer upload = sendWithBody(port, "POST /v1/auth/upload HTTP/1.1", List.of(new String[] {"Host", "x"},
                    new String[] {"X-API-Key", key}, new String[] {"Content-Type", "application/octet-stream"}),
                    2 * 1024 * 1024);
            assertThat(upload.status()).as("never read, so never 413: " + upload.body()).isEqualTo(200);
            assertThat(upload.header("X-Latchkey-Key-Id")).isEqualTo(keyId);

            // revocation: refused within 1 s through every replay
            assertThat(api.post("/v1/keys/" + keyId + "/revoke", null, admin).status()).isEqualTo(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            for (Replayed request : List.of(traefik("/v1/auth?scopes=orders:read", "X-Api-Key", key),
                    envoy("POST", "/orders", "orders:read", "x-api-key", key),
                    ingressNginx("/v1/auth?scopes=orders:read", "X-API-Key", key))) {
                Answer revoked = send(port, request);
                while (revoked.status() == 200 && System.nanoTime() < deadline) {
                    revoked = send(port, request);
                }
                assertThat(revoked.status()).as(request.requestLine() + " within 1 s of the revocation")
                        .isEqualTo(401);
                assertThat(revoked.body()).contains("\"code\":\"revoked_key\"");
            }
        }
    }

    @Test
    void theRefusalStatusSettingTurnsA429IntoA403ForEveryRequest(@TempDir Path dir) throws Exception {
        String adminKey = RunningJar.generateKey();
        String[] admin = {"X-API-Key", adminKey};
        try (RunningJar latchkey = RunningJar.start(dir, Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey,
                "LATCHKEY_HTTP_FORWARD_AUTH_REFUSAL_STATUS", "403"))) {
            String userId = (String) latchkey.api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
            String limited = issue(latchkey.api, admin, userId,
                    "{\"name\":\"l\",\"scopes\":[],\"rateLimit\":{\"limit\":1,\"periodSeconds\":3600}}");
            assertThat(send(latchkey.port(), traefik("/v1/auth", "X-Api-Key", limited)).status()).isEqualTo(200);
            Answer mapped = send(latchkey.port(), traefik("/v1/auth", "X-Api-Key", limited));
            assertThat(mapped.status()).isEqualTo(403);
            assertThat(mapped.body()).contains("\"code\":\"rate_limited\"").contains("\"status\":403");
            assertThat(Long.parseLong(mapped.header("Retry-After"))).isBetween(1L, 3600L);
            assertThat(send(latchkey.port(), traefik("/v1/auth")).status()).as("a 401 stays").isEqualTo(401);
            // the API's own routes are not /v1/auth: a 429 there stays a 429
            assertThat(latchkey.api.get("/v1/me", "X-API-Key", limited).status()).isEqualTo(429);
        }
        // any other value stops the start, saying which setting
        RunningJar.Completed refused = RunningJar.runIn(dir, Map.of("LATCHKEY_HTTP_FORWARD_AUTH_REFUSAL_STATUS", "429",
                "MICRONAUT_SERVER_PORT", String.valueOf(RunningJar.freePort())));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("LATCHKEY_HTTP_FORWARD_AUTH_REFUSAL_STATUS");
    }

    private static String issue(Api api, String[] admin, String userId, String body) {
        return (String) api.post("/v1/users/" + userId + "/keys", body, admin).field("key");
    }

    static Answer send(int port, Replayed request) throws IOException {
        return sendWithBody(port, request.requestLine(), request.headers(), 0);
    }

    /** Writes the request (with {@code bodyBytes} bytes of body when positive) and reads one answer. */
    static Answer sendWithBody(int port, String requestLine, List<String[]> headers, int bodyBytes) throws IOException {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        for (String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        if (bodyBytes > 0) {
            head.append("Content-Length: ").append(bodyBytes).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (bodyBytes > 0) {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int sent = 0; sent < bodyBytes; sent += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, bodyBytes - sent));
                    }
                } catch (IOException closedEarly) {
                    // the server may answer and close before the body is all sent: the answer is still there
                }
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection mid-answer: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
