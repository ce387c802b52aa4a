package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.adapter.in.http.Api;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx example of the repository ({@code docs/nginx}) with a real nginx on loopback, in front of a trivial
 * upstream, asking the packaged Latchkey. Fails, never skips, when nginx is missing and cannot be installed.
 */
class NginxAuthRequestIT {

    private static final Path EXAMPLE = Path.of(System.getProperty("latchkey.docs", "../docs")).resolve("nginx");

    @Test
    void protectsAnUpstreamWithAuthRequest(@TempDir Path dir) throws Exception {
        String adminKey = RunningJar.runToCompletion("generate-key").strip();
        String[] admin = {"X-API-Key", adminKey};
        HttpServer upstream = echoingUpstream();
        try (RunningJar latchkey = RunningJar.start(dir, Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey,
                "LATCHKEY_HTTP_TRUSTED_PROXIES", "127.0.0.1/32", "LATCHKEY_THROTTLE_MAX_FAILURES", "5"));
             Nginx nginx = Nginx.start(dir, latchkey.port(), upstream.getAddress().getPort())) {
            String userId = (String) latchkey.api.post("/v1/users", "{\"name\":\"Ada\"}", admin).field("id");
            String plain = issue(latchkey.api, admin, userId, "[\"process\"]");
            String reports = issue(latchkey.api, admin, userId, "[\"reports:read\"]");
            Api client = new Api(URI.create("http://127.0.0.1:" + nginx.port), JsonMapper.createDefault());

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
                assertThat(rawGet("127.0.0.2", nginx.port, "/orders", "X-API-Key: lk_guess" + i)).startsWith("401");
            }
            String throttled = rawGet("127.0.0.2", nginx.port, "/orders", "X-API-Key: " + plain);
            assertThat(throttled).as(nginx.errors()).startsWith("429");
            assertThat(throttled).containsIgnoringCase("retry-after: ");
            assertThat(rawGet("127.0.0.2", nginx.port, "/orders", "X-API-Key: " + plain,
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

            String keyId = plain.substring(3, 15);
            assertThat(latchkey.api.post("/v1/keys/" + keyId + "/revoke", null, admin).status()).isEqualTo(200);
            assertThat(client.get("/orders", "X-API-Key", plain).status()).isEqualTo(401);
        } finally {
            upstream.stop(0);
        }
    }

    /**
     * GET {@code path} from the local address {@code from} (any 127.x address reaches loopback): the status code and
     * the response headers, as "429\nretry-after: 300\n...".
     */
    private static String rawGet(String from, int port, String path, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("Connection: close\r\n\r\n").toString()
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = answer.contains("\r\n\r\n") ? answer.substring(0, answer.indexOf("\r\n\r\n")) : answer;
            return head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4) + "\n"
                    + head.substring(head.indexOf("\r\n") + 2).replace("\r\n", "\n");
        }
    }

    private static String issue(Api api, String[] admin, String userId, String scopes) {
        return (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"gw\",\"scopes\":" + scopes + "}", admin)
                .field("key");
    }

    /** An application that says which user and scopes nginx passed it. */
    private static HttpServer echoingUpstream() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("upstream saw user " + exchange.getRequestHeaders().getFirst("X-Latchkey-User-Id")
                    + " scopes " + exchange.getRequestHeaders().getFirst("X-Latchkey-Scopes"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** nginx in the foreground, one process, with the repository's example configuration. */
    private static final class Nginx implements AutoCloseable {

        private final Process process;
        private final Path conf;
        final int port;

        private Nginx(Process process, Path conf, int port) {
            this.process = process;
            this.conf = conf;
            this.port = port;
        }

        /** nginx's error log, to explain a failed assertion. */
        String errors() throws IOException {
            return Files.readString(conf.resolve("error.log"));
        }

        static Nginx start(Path dir, int latchkeyPort, int upstreamPort) throws Exception {
            Path conf = Files.createDirectories(dir.resolve("nginx"));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String example = Files.readString(EXAMPLE.resolve("latchkey-auth-request.conf"))
                    .replace("127.0.0.1:8080", "127.0.0.1:" + latchkeyPort)
                    .replace("127.0.0.1:9000", "127.0.0.1:" + upstreamPort)
                    .replace("127.0.0.1:8000", "127.0.0.1:" + port);
            Files.writeString(conf.resolve("latchkey-auth-request.conf"), example);
            Files.copy(EXAMPLE.resolve("latchkey-identity.conf"), conf.resolve("latchkey-identity.conf"));
            Files.writeString(conf.resolve("nginx.conf"), String.join("\n",
                    "daemon off;", "master_process off;", "pid " + conf.resolve("nginx.pid") + ";",
                    "error_log " + conf.resolve("error.log") + " warn;", "events {}", "http {", "access_log off;",
                    "client_body_temp_path " + conf.resolve("body") + ";", "proxy_temp_path " + conf.resolve("proxy") + ";",
                    "fastcgi_temp_path " + conf.resolve("fastcgi") + ";", "uwsgi_temp_path " + conf.resolve("uwsgi") + ";",
                    "scgi_temp_path " + conf.resolve("scgi") + ";", "include latchkey-auth-request.conf;", "}", ""));
            Process process = new ProcessBuilder(binary(), "-p", conf.toString(), "-c", conf.resolve("nginx.conf").toString())
                    .redirectErrorStream(true).redirectOutput(conf.resolve("stdout.log").toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(conf.resolve("stdout.log"))
                            + Files.readString(conf.resolve("error.log")));
                }
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return new Nginx(process, conf, port);
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("nginx did not listen on " + port);
        }

        /** nginx on the PATH or in /usr/sbin; installed with apt-get (as root) when missing. */
        private static String binary() throws Exception {
            for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
                if (Files.isExecutable(Path.of(candidate))) {
                    return candidate;
                }
            }
            Process install = new ProcessBuilder("bash", "-c",
                    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light")
                    .redirectErrorStream(true).start();
            String output = new String(install.getInputStream().readAllBytes());
            if (!install.waitFor(5, TimeUnit.MINUTES) || install.exitValue() != 0
                    || !Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
                throw new IllegalStateException("this test needs nginx with auth_request (Debian: apt-get install "
                        + "nginx-light) and could not install it:\n" + output);
            }
            return "/usr/sbin/nginx";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
