package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A plain JDK HTTP client for a running Latchkey, knowing nothing of Micronaut's client; shared with bootstrap's tests. */
public final class Api {

    public record Response(int status, Map<String, List<String>> headers, String body, JsonMapper mapper) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            try {
                return mapper.readValue(body, Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public Object field(String name) {
            return json().get(name);
        }

        /** Asserts a problem+json with this status and code, and returns it. */
        public Response isProblem(int expectedStatus, String code) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(header("Content-Type")).startsWith("application/problem+json");
            assertThat(field("code")).isEqualTo(code);
            assertThat(field("type")).isEqualTo("urn:latchkey:problem:" + code);
            assertThat(field("status")).isEqualTo(expectedStatus);
            assertThat(field("requestId")).isNotNull().isEqualTo(header("X-Request-Id"));
            return this;
        }
    }

    private final HttpClient client;
    private final URI base;
    private final JsonMapper json;
    private final boolean judgeRequest;

    Api(EmbeddedServer server, JsonMapper json) {
        this(server.getURI(), json);
    }

    public Api(URI base, JsonMapper json) {
        this(HttpClient.newHttpClient(), base, json, true);
    }

    private Api(HttpClient client, URI base, JsonMapper json, boolean judgeRequest) {
        this.client = client;
        this.base = base;
        this.json = json;
        this.judgeRequest = judgeRequest;
    }

    /**
     * The same client for requests that break the OpenAPI document on purpose (a malformed body, a missing or unknown
     * parameter, an undeclared content type, no credentials...), to see them refused: their requests are not judged
     * against the document, their answers still are. Every other call fails its test when the request or the answer
     * is not what the document says ({@link ApiContract}).
     */
    public Api malformed() {
        return new Api(client, base, json, false);
    }

    public Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            if ("Content-Type".equalsIgnoreCase(headers[i])) {
                request.setHeader(headers[i], headers[i + 1]);
            } else {
                request.header(headers[i], headers[i + 1]);
            }
        }
        try {
            HttpRequest sent = request.build();
            HttpResponse<String> response = client.send(sent, HttpResponse.BodyHandlers.ofString());
            List<String> violations = ApiContract.violations(method, sent.uri(), sent.headers().map(), body, judgeRequest,
                    response.statusCode(), response.headers().map(), response.body());
            if (!violations.isEmpty()) {
                String report = method + " " + path + (judgeRequest ? "" : " (malformed on purpose)") + " -> "
                        + response.statusCode() + " " + abbreviated(response.body()) + "\n    " + String.join("\n    ", violations);
                throw new AssertionError("not what the OpenAPI document (" + ApiContract.DOCUMENT + ") says: " + report);
            }
            return new Response(response.statusCode(), response.headers().map(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviated(String body) {
        return body == null || body.length() <= 400 ? body : body.substring(0, 400) + "...";
    }

    public Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Response post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** A key with these scopes for a new user, issued through the use case (not the API under test). */
    /** For what is written behind (the audit trail is written in batches, every 50 ms here): waits up to 5 s for {@code assertion} to hold. */
    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw notYet;
                }
            }
        }
    }

    static String keyWithScopes(RegisterUser registerUser, IssueApiKey issueApiKey, String... scopes) {
        User owner = registerUser.register(new RegisterUser.Command("test user", null, null));
        return issueApiKey.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "test", Scopes.parse(List.of(scopes)),
                Optional.empty(), Optional.empty())).plaintext();
    }
}
