package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;

/**
 * Hostile header values and JSON bodies against the running HTTP adapter, written to the socket as bytes. For every
 * request: no 5xx; every error is a problem+json with a code from the contract and a request id; no presented value
 * (16 characters or more of it) comes back; and no log line holds any of it. The number of cases per property is
 * jqwik's default tries, set by the build: 2,500 per property (10,000 in all) in {@code ./mvnw verify}, ten times
 * that with {@code -Pfuzz}.
 */
class HostileInputFuzzProperties {

    /** docs/api-guide.md §3, plus the codes the OpenAPI document adds for what the contract leaves to the server. */
    private static final Set<String> CONTRACT_CODES = Set.of("validation_failed", "ambiguous_credentials",
            "missing_key", "malformed_key", "invalid_key", "expired_key", "revoked_key", "disabled_user",
            "insufficient_scope", "usage_exceeded", "ip_not_allowed", "not_found", "conflict", "rate_limited",
            "too_many_failures", "unavailable", "method_not_allowed", "not_acceptable", "payload_too_large",
            "uri_too_long", "unsupported_media_type", "processing_failed");
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3}) ");
    private static final Pattern CODE = Pattern.compile("\"code\":\"([a-z_]+)\"");
    private static final int ECHO_WINDOW = 16;
    private static final List<String> FIELD_NAMES = List.of("name", "email", "externalId", "scopes", "prefix",
            "expiresAt", "meta", "rateLimit", "remaining", "gracePeriodSeconds", "key", "status");

    private static EmbeddedServer server;
    private static String adminKey;
    private static String validKey;
    private static String userId;
    private static String keyId;
    private static ListAppender<ILoggingEvent> logs;

    @BeforeContainer
    static void start() {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1), "test");
        ApplicationContext context = server.getApplicationContext();
        RegisterUser registerUser = context.getBean(RegisterUser.class);
        IssueApiKey issueApiKey = context.getBean(IssueApiKey.class);
        adminKey = Api.keyWithScopes(registerUser, issueApiKey, "admin");
        validKey = Api.keyWithScopes(registerUser, issueApiKey, "process", "keys:verify");
        Api api = new Api(server.getURI(), context.getBean(JsonMapper.class));
        userId = (String) api.post("/v1/users", "{\"name\":\"fuzz\"}", "X-API-Key", adminKey).field("id");
        keyId = (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"fuzz\",\"scopes\":[\"read\"]}",
                "X-API-Key", adminKey).field("id");
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterContainer
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        server.close();
    }

    // ---- properties ------------------------------------------------------------------------------------------

    @Property(shrinking = ShrinkingMode.BOUNDED)
    void hostileKeyHeaders(@ForAll("keyHeaderValues") String value, @ForAll("keyHeaderNames") String header,
                           @ForAll("keyedPaths") String requestLine) throws IOException {
        String answer = raw(requestLine, List.of(header + ": " + value), null);

        assertWellBehaved(answer, value, false);
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    void hostileOtherHeaders(@ForAll("anyHeaderValues") String value, @ForAll("otherHeaderNames") String header)
            throws IOException {
        String answer = raw("GET /v1/me", List.of("X-API-Key: " + validKey, header + ": " + value), null);

        assertWellBehaved(answer, value, false);
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    void hostileJsonBodies(@ForAll("jsonBodies") String body, @ForAll("bodyEndpoints") String requestLine)
            throws IOException {
        String answer = raw(requestLine.replace("{user}", userId).replace("{key}", keyId),
                List.of("X-API-Key: " + adminKey, "Content-Type: application/json"), body);

        assertWellBehaved(answer, withoutFieldNames(body), true);
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    void hostileKeysToVerify(@ForAll("keyHeaderValues") String presented, @ForAll("scopeLists") String scopes)
            throws IOException {
        String body = "{\"key\":" + jsonString(presented) + ",\"scopes\":" + scopes + "}";
        String answer = raw("POST /v1/keys/verify", List.of("X-API-Key: " + validKey,
                "Content-Type: application/json"), body);

        assertWellBehaved(answer, presented, false);
        assertThat(status(answer)).as(answer).isIn(200, 400);
    }

    // ---- generators ------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> keyHeaderNames() {
        return Arbitraries.of("X-API-Key", "x-api-key", "Authorization", "access_token");
    }

    @Provide
    Arbitrary<String> otherHeaderNames() {
        return Arbitraries.of("User-Agent", "Accept", "X-Request-Id", "X-Required-Scopes", "Content-Type",
                "X-Forwarded-For", "Cookie", "Bad Name", "X-\u0001", "Content-Length");
    }

    @Provide
    Arbitrary<String> keyedPaths() {
        return Arbitraries.of("GET /v1/me", "GET /v1/auth", "POST /v1/auth", "GET /v1/users/" + "x".repeat(3),
                "GET /v1/keys/abc", "DELETE /v1/me");
    }

    @Provide
    Arbitrary<String> bodyEndpoints() {
        return Arbitraries.of("POST /v1/users", "POST /v1/users/{user}/keys", "PATCH /v1/users/{user}",
                "PATCH /v1/keys/{key}", "POST /v1/keys/{key}/rotate", "POST /v1/keys/verify", "POST /v1/process");
    }

    /** Values a key header may hold: mutated keys, bearer forms, junk of every character class, long ones. */
    @Provide
    Arbitrary<String> keyHeaderValues() {
        Arbitrary<String> mutatedKey = Combinators.combine(Arbitraries.integers().between(0, 70),
                        anyCharacter(), Arbitraries.of("replace", "insert", "truncate", "prefix", "suffix", "case"))
                .as(HostileInputFuzzProperties::mutate);
        return Arbitraries.oneOf(mutatedKey, junk(300), junk(20),
                mutatedKey.map(key -> "Bearer " + key), mutatedKey.map(key -> "bearer  " + key + " "),
                mutatedKey.map(key -> key + "," + key), mutatedKey.map(key -> key.repeat(5)));
    }

    @Provide
    Arbitrary<String> anyHeaderValues() {
        return Arbitraries.oneOf(junk(300), junk(8), Arbitraries.strings().ofMinLength(257).ofMaxLength(4000)
                .withCharRange('!', '~'));
    }

    @Provide
    Arbitrary<String> scopeLists() {
        return Arbitraries.oneOf(Arbitraries.of("[]", "null", "[\"process\"]", "\"process\"", "[1]", "{}",
                "[\"" + "s".repeat(300) + "\"]", "[" + "\"a\",".repeat(60) + "\"a\"]"));
    }

    /** JSON bodies: random trees (deep, wide, every value type), broken JSON, and wrong top-level types. */
    @Provide
    Arbitrary<String> jsonBodies() {
        Arbitrary<String> tree = jsonValue(4).map(String::valueOf);
        Arbitrary<String> object = Combinators.combine(
                        Arbitraries.of(FIELD_NAMES).list().ofMinSize(1).ofMaxSize(6),
                        jsonValue(3).list().ofSize(6))
                .as((names, values) -> {
                    StringBuilder json = new StringBuilder("{");
                    for (int i = 0; i < names.size(); i++) {
                        json.append(i > 0 ? "," : "").append('"').append(names.get(i)).append("\":").append(values.get(i));
                    }
                    return json.append('}').toString();
                });
        Arbitrary<String> deep = Arbitraries.integers().between(1, 2000).map(depth ->
                "{\"name\":\"d\",\"scopes\":[],\"meta\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
        Arbitrary<String> broken = object.flatMap(json -> Arbitraries.integers().between(0, json.length())
                .map(cut -> json.substring(0, cut)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, object), net.jqwik.api.Tuple.of(2, tree), net.jqwik.api.Tuple.of(1, deep),
                net.jqwik.api.Tuple.of(2, broken), net.jqwik.api.Tuple.of(1, junk(200)));
    }

    private Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                junk(60).map(HostileInputFuzzProperties::jsonString),
                Arbitraries.of("true", "false", "null", "0", "-1", "1.5", "1e400", "-1e-400", "123456789012345678901234567890",
                        "9223372036854775808", "\"2999-01-01T00:00:00Z\"", "\"" + "x".repeat(1000) + "\""),
                Arbitraries.longs().map(String::valueOf));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(4).map(values -> "[" + String.join(",", values) + "]");
        Arbitrary<String> object = Combinators.combine(junk(12).list().ofMaxSize(4), jsonValue(depth - 1).list().ofSize(4))
                .as((names, values) -> {
                    StringBuilder json = new StringBuilder("{");
                    for (int i = 0; i < names.size(); i++) {
                        json.append(i > 0 ? "," : "").append(jsonString(names.get(i))).append(':').append(values.get(i));
                    }
                    return json.append('}').toString();
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(1, object));
    }

    /** Any characters a header line can carry (no CR or LF, which would end it): controls, ASCII, Latin-1, more. */
    private static Arbitrary<Character> anyCharacter() {
        return Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u0009'), Arbitraries.chars().range('\u000b', '\u000c'),
                Arbitraries.chars().range('\u000e', '\u001f'), Arbitraries.chars().range(' ', '~'),
                Arbitraries.chars().range('\u007f', '\u00ff'), Arbitraries.chars().range('\u0100', '\u2fff'));
    }

    private static Arbitrary<String> junk(int maxLength) {
        return anyCharacter().list().ofMaxSize(maxLength).map(chars -> {
            StringBuilder text = new StringBuilder();
            chars.forEach(text::append);
            return text.toString();
        });
    }

    private static String mutate(int position, char character, String how) {
        String key = validKey;
        int at = Math.min(position, key.length() - 1);
        return switch (how) {
            case "replace" -> key.substring(0, at) + character + key.substring(at + 1);
            case "insert" -> key.substring(0, at) + character + key.substring(at);
            case "truncate" -> key.substring(0, at);
            case "prefix" -> "acme" + character + key.substring(key.indexOf('_'));
            case "suffix" -> key + character;
            default -> key.substring(0, at) + Character.toUpperCase(key.charAt(at)) + key.substring(at + 1);
        };
    }

    // ---- the request, and what every answer must be ---------------------------------------------------------

    /** {@code storedOnSuccess}: a 2xx may show what was sent (a user created with that name), an error never. */
    private static void assertWellBehaved(String answer, String presented, boolean storedOnSuccess) {
        int status = status(answer);
        assertThat(status).as("no 5xx: " + answer).isLessThan(500);
        if (status >= 400) {
            assertThat(answer).as(answer).containsIgnoringCase("content-type: application/problem+json")
                    .containsIgnoringCase("x-request-id: ");
            Matcher code = CODE.matcher(answer);
            assertThat(code.find()).as("a code in " + answer).isTrue();
            assertThat(code.group(1)).isIn(CONTRACT_CODES);
        }
        if (status >= 400 || !storedOnSuccess) {
            for (String window : windows(presented)) {
                assertThat(answer).as("the answer quotes what was sent").doesNotContain(window);
            }
        }
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage();
            assertThat(line).as("a log line holds a key").doesNotContain(validKey.substring(20))
                    .doesNotContain(adminKey.substring(20));
            for (String window : windows(presented)) {
                assertThat(line).as("a log line quotes what was sent").doesNotContain(window);
            }
        }
        logs.list.clear();
    }

    /** The body with the contract's field names cut out: an error may name a field, never quote a value. */
    private static String withoutFieldNames(String body) {
        String values = body;
        for (String field : FIELD_NAMES) {
            values = values.replace(field, "\u0000");
        }
        return values;
    }

    /** The stretches of {@code presented} that would betray an echo: 16 characters, not all of one kind of filler. */
    private static List<String> windows(String presented) {
        List<String> windows = new ArrayList<>();
        for (int i = 0; i + ECHO_WINDOW <= presented.length(); i += ECHO_WINDOW / 2) {
            String window = presented.substring(i, i + ECHO_WINDOW);
            if (window.chars().distinct().count() > 4 && window.indexOf('\u0000') < 0) {
                windows.add(window);
            }
        }
        return windows;
    }

    private static int status(String answer) {
        Matcher status = STATUS.matcher(answer);
        assertThat(status.find()).as("an HTTP answer: " + answer).isTrue();
        return Integer.parseInt(status.group(1));
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String raw(String requestLine, List<String> headers, String body) throws IOException {
        return RawHttp.exchange(server, requestLine, headers, body);
    }
}
