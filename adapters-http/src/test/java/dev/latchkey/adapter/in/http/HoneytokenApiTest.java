package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Honeytokens (issue 28 §1, docs/honeytokens.md): issued by admin only, never authenticating, answered exactly as a
 * wrong secret on every entry, alerting once per key, address and minute with the count kept and no key material,
 * never rotated, without limits, and listed with {@code ?honeytoken=}.
 */
@MicronautTest
class HoneytokenApiTest extends AdminAndUserApiTest {

    private static final String USER_AGENT = "honey-test/1.0 (probe)";

    @Inject
    DispatchWebhooks worker;
    @Inject
    TestWiring.MovableClock clock;

    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void captureLogs() {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private Map<String, Object> honeytoken(String name) {
        return issueKey(admin, userId, "{\"name\":\"" + name + "\",\"scopes\":[\"process\",\"admin\"],"
                + "\"honeytoken\":true}");
    }

    /** Status, every header but Date, and body: what an attacker could compare. */
    private static Map<String, Object> answer(Api.Response response) {
        Map<String, Object> headers = new TreeMap<>();
        response.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("date")) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), values);
            }
        });
        return Map.of("status", response.status(), "headers", headers, "body", response.body());
    }

    @Test
    void aHoneytokenIsAnsweredExactlyAsAWrongSecretOnEveryEntry() {
        Map<String, Object> issued = honeytoken("deploy-bot");
        String key = (String) issued.get("key");
        String wrongSecret = LeaksApiTest.forgeWithSameKeyId(key);
        String[] verifier = keyHeaders("keys:verify");

        for (String[] entry : List.of(new String[] {"GET", "/v1/auth"}, new String[] {"GET", "/v1/me"},
                new String[] {"GET", "/v1/users"}, new String[] {"GET", "/v1/keys/" + issued.get("id")})) {
            Api.Response honey = api.send(entry[0], entry[1], null,
                    "X-API-Key", key, "X-Request-Id", "req-same-1", "User-Agent", USER_AGENT);
            Api.Response wrong = api.send(entry[0], entry[1], null,
                    "X-API-Key", wrongSecret, "X-Request-Id", "req-same-1", "User-Agent", USER_AGENT);
            assertThat(honey.status()).as(entry[1]).isEqualTo(401);
            assertThat(answer(honey)).as(entry[1]).isEqualTo(answer(wrong));
        }

        Api.Response honey = api.post("/v1/keys/verify", "{\"key\":\"" + key + "\",\"scopes\":[\"process\"]}",
                verifier[0], verifier[1], "X-Request-Id", "req-same-2");
        Api.Response wrong = api.post("/v1/keys/verify", "{\"key\":\"" + wrongSecret + "\",\"scopes\":[\"process\"]}",
                verifier[0], verifier[1], "X-Request-Id", "req-same-2");
        assertThat(honey.status()).isEqualTo(200);
        assertThat(honey.field("code")).isEqualTo("NOT_FOUND");
        assertThat(answer(honey)).isEqualTo(answer(wrong));
    }

    @Test
    void onlyAnAdminTellsAHoneytokenApartOrChangesIt() {
        String id = (String) issueKey(admin, userId, "{\"name\":\"decoy\",\"scopes\":[\"process\"],"
                + "\"honeytoken\":true}").get("id");
        String[] reader = keyHeaders("keys:read");
        String[] writer = keyHeaders("keys:read", "keys:write");

        Api.Response seen = api.get("/v1/keys/" + id, reader);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.field("honeytoken")).as("not told to keys:read").isNull();
        assertThat(seen.field("honeytokenPresentations")).isNull();
        assertThat(api.get("/v1/users/" + userId + "/keys", reader).body()).doesNotContain("\"honeytoken\":true");
        api.get("/v1/users/" + userId + "/keys?honeytoken=true", reader).isProblem(403, "insufficient_scope");
        api.send("PATCH", "/v1/keys/" + id, "{\"name\":\"renamed\"}", writer).isProblem(403, "insufficient_scope");
        api.post("/v1/keys/" + id + "/revoke", null, writer).isProblem(403, "insufficient_scope");
        api.send("DELETE", "/v1/users/" + userId, null, keyHeaders("users:write"))
                .isProblem(403, "insufficient_scope");

        assertThat(api.get("/v1/keys/" + id, admin).field("honeytoken")).as("told to admin").isEqualTo(true);
        assertThat(api.send("PATCH", "/v1/keys/" + id, "{\"name\":\"renamed\"}", admin).status()).isEqualTo(200);
    }

    @Test
    void eachKeyAddressAndMinuteAlertsOnceWithTheCountKeptAndNoKeyMaterial() throws Exception {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> bodies = new CopyOnWriteArrayList<>();
        receiver.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            api.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/\",\"events\":[\"key.honeytoken_used\"]}", admin);
            Map<String, Object> issued = honeytoken("aws-config");
            String key = (String) issued.get("key");
            Object keyId = issued.get("id");
            awayFromTheMinutesEnd();

            for (int i = 0; i < 3; i++) {
                api.get("/v1/auth", "X-API-Key", key, "X-Request-Id", "req-honey-" + i, "User-Agent", USER_AGENT)
                        .isProblem(401, "invalid_key");
            }

            Api.eventually(() -> assertThat(api.get("/v1/keys/" + keyId, admin).field("honeytokenPresentations"))
                    .isEqualTo(3));
            List<Map<String, Object>> alerts = alerts(keyId);
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.get("clientIp")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
                assertThat(alert.get("requestId")).isEqualTo("req-honey-0");
                assertThat(alert.get("userId")).isEqualTo(userId);
                assertThat((String) alert.get("detail")).contains("/v1/auth", USER_AGENT);
            });

            clock.advance(Duration.ofMinutes(1));
            api.get("/v1/auth", "X-API-Key", key, "User-Agent", USER_AGENT).isProblem(401, "invalid_key");
            Api.eventually(() -> assertThat(alerts(keyId)).hasSize(2));
            assertThat(api.get("/v1/keys/" + keyId, admin).field("honeytokenPresentations")).isEqualTo(4);

            Api.eventually(() -> {
                worker.runOnce(100);
                assertThat(bodies).hasSize(2);
            });
            assertThat(bodies).allSatisfy(body -> assertThat(body).startsWith("{\"type\":\"key.honeytoken_used\"")
                    .contains("\"keyId\":\"" + keyId + "\"", "\"userId\":\"" + userId + "\"", "\"clientIp\":",
                            "\"userAgent\":\"" + USER_AGENT + "\"", "\"route\":\"/v1/auth\"", "\"requestId\":"));

            String secretPart = key.substring(key.length() - 38, key.length() - 6);
            assertThat(String.join("\n", bodies)).doesNotContain(key).doesNotContain(secretPart);
            assertThat(api.get("/v1/audit-events?keyId=" + keyId + "&limit=100", admin).body())
                    .doesNotContain(key).doesNotContain(secretPart);
            assertThat(logs.list).allSatisfy(line -> assertThat(line.getFormattedMessage())
                    .doesNotContain(key).doesNotContain(secretPart));
        } finally {
            receiver.stop(0);
        }
    }

    /** Moves the test's clock past the next 10 seconds when the minute is about to end: the three tries share one. */
    private void awayFromTheMinutesEnd() {
        long second = clock.instant().getEpochSecond() % 60;
        if (second > 50) {
            clock.advance(Duration.ofSeconds(61 - second));
        }
        assertThat(Instant.now(clock).getEpochSecond() % 60).isLessThanOrEqualTo(50);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> alerts(Object keyId) {
        return (List<Map<String, Object>>) api.get("/v1/audit-events?type=key.honeytoken_used&keyId=" + keyId,
                admin).field("items");
    }

    @Test
    void onlyAdminIssuesAHoneytoken() {
        String[] writer = keyHeaders("keys:write", "users:write");
        String owner = newUser(writer, "Bo");

        api.post("/v1/users/" + owner + "/keys", "{\"name\":\"trap\",\"scopes\":[],\"honeytoken\":true}", writer)
                .isProblem(403, "insufficient_scope");
        assertThat(api.post("/v1/users/" + owner + "/keys", "{\"name\":\"plain\",\"scopes\":[],\"honeytoken\":false}",
                writer).status()).isEqualTo(201);
    }

    @Test
    void aHoneytokenIsNeverRotated() {
        Map<String, Object> issued = issueKey(admin, userId,
                "{\"name\":\"trap\",\"scopes\":[\"me:rotate\"],\"honeytoken\":true}");

        api.post("/v1/keys/" + issued.get("id") + "/rotate", "{\"gracePeriodSeconds\":60}", admin)
                .isProblem(409, "conflict");
        api.post("/v1/me/rotate", "{\"gracePeriodSeconds\":0}", "X-API-Key", (String) issued.get("key"))
                .isProblem(401, "invalid_key");
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("rotatedTo")).isNull();
    }

    @Test
    void aHoneytokenHasNoLimitsAndStaysAHoneytoken() {
        api.post("/v1/users/" + userId + "/keys", "{\"name\":\"trap\",\"scopes\":[],\"honeytoken\":true,"
                + "\"rateLimit\":{\"limit\":5,\"periodSeconds\":60}}", admin).isProblem(400, "validation_failed")
                .field("detail");
        assertThat(api.post("/v1/users/" + userId + "/keys", "{\"name\":\"trap\",\"scopes\":[],\"honeytoken\":true,"
                + "\"rateLimit\":{\"limit\":5,\"periodSeconds\":60}}", admin).body()).contains("rateLimit");
        assertThat(api.post("/v1/users/" + userId + "/keys", "{\"name\":\"trap\",\"scopes\":[],\"honeytoken\":true,"
                + "\"remaining\":5}", admin).isProblem(400, "validation_failed").body()).contains("remaining");

        Object honeytoken = honeytoken("trap").get("id");
        Object plain = issueKey(admin, userId, "{\"name\":\"plain\",\"scopes\":[]}").get("id");
        assertThat(api.send("PATCH", "/v1/keys/" + honeytoken, "{\"remaining\":5}", admin)
                .isProblem(400, "validation_failed").body()).contains("remaining");
        assertThat(api.send("PATCH", "/v1/keys/" + honeytoken, "{\"rateLimit\":{\"limit\":1,\"periodSeconds\":1}}",
                admin).isProblem(400, "validation_failed").body()).contains("rateLimit");
        assertThat(api.send("PATCH", "/v1/keys/" + honeytoken, "{\"honeytoken\":false}", admin)
                .isProblem(400, "validation_failed").body()).contains("honeytoken");
        assertThat(api.send("PATCH", "/v1/keys/" + plain, "{\"honeytoken\":true}", admin)
                .isProblem(400, "validation_failed").body()).contains("honeytoken");
        assertThat(api.get("/v1/keys/" + honeytoken, admin).json()).containsEntry("honeytoken", true)
                .containsEntry("rateLimit", null).containsEntry("remaining", null);
        assertThat(api.get("/v1/keys/" + plain, admin).json()).containsEntry("honeytoken", false)
                .containsEntry("honeytokenPresentations", null);
    }

    @Test
    void keysAreListedByKind() {
        Object honeytoken = honeytoken("trap").get("id");
        Object plain = issueKey(admin, userId, "{\"name\":\"plain\",\"scopes\":[]}").get("id");

        assertThat(ids("?honeytoken=true")).containsExactly(honeytoken);
        assertThat(ids("?honeytoken=false")).containsExactly(plain);
        assertThat(ids("")).containsExactly(honeytoken, plain);
        assertThat(ids("?honeytoken=true&limit=1&includeRevoked=true")).containsExactly(honeytoken);
        api.malformed().get("/v1/users/" + userId + "/keys?honeytoken=maybe", admin).isProblem(400, "validation_failed");
    }

    @SuppressWarnings("unchecked")
    private List<Object> ids(String query) {
        Api.Response page = api.get("/v1/users/" + userId + "/keys" + query, admin);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return ((List<Map<String, Object>>) page.field("items")).stream().map(item -> item.get("id")).toList();
    }

    @Test
    void aLeakedHoneytokenIsAuditedAndAnnouncedAndLeftToAlert() {
        Map<String, Object> issued = honeytoken("in-the-repo");
        String key = (String) issued.get("key");

        Api.Response reported = api.post("/v1/leaks", "[{\"token\":\"" + key + "\",\"type\":\"latchkey_api_key\","
                + "\"url\":\"https://github.com/octo/app/blob/abc/.env\",\"source\":\"content\"}]", admin);
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        assertThat(reported.body()).doesNotContain(key);

        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("revokedAt")).isNull();
        Api.eventually(() -> assertThat((List<?>) api.get("/v1/audit-events?type=key.leaked&keyId=" + issued.get("id"),
                admin).field("items")).singleElement().satisfies(event ->
                assertThat(((Map<?, ?>) event).get("code")).isEqualTo("NONE")));
    }

    @Test
    void theConsoleOffersTheCheckboxToAdminsAndShowsAHoneytoken() {
        String owner = registerUser.register(new RegisterUser.Command("Mallory", null, null)).id().value();
        ConsoleClient asAdmin = new ConsoleClient(server.getURI());
        asAdmin.signIn(Api.keyWithScopes(registerUser, issueApiKey, "admin"));
        ConsoleClient asWriter = new ConsoleClient(server.getURI());
        asWriter.signIn(Api.keyWithScopes(registerUser, issueApiKey, "keys:write", "keys:read", "users:read"));

        assertThat(asAdmin.get("/console/users/" + owner).html()).contains("id=\"honeytoken\"");
        assertThat(asWriter.get("/console/users/" + owner).html()).contains("Issue a key")
                .doesNotContain("id=\"honeytoken\"");

        ConsoleClient.Page issued = asAdmin.post("/console/users/" + owner + "/keys", "name", "decoy", "scopes", "",
                "honeytoken", "on");
        assertThat(issued.status()).as(issued.html()).isEqualTo(200);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"(/console/keys/[^\"]+)\" id=\"to-key\"")
                .matcher(issued.html());
        assertThat(link.find()).as(issued.html()).isTrue();
        ConsoleClient.Page keyPage = asAdmin.get(link.group(1));
        assertThat(keyPage.html()).contains("id=\"key-honeytoken\"").doesNotContain("Rotate key");
        assertThat(asAdmin.get("/console/users/" + owner).html()).contains("badge honeytoken");

        asWriter.get("/console/users/" + owner);
        ConsoleClient.Page refused = asWriter.post("/console/users/" + owner + "/keys", "name", "decoy", "scopes", "",
                "honeytoken", "on");
        assertThat(refused.html()).doesNotContain("new-key");
    }
}
