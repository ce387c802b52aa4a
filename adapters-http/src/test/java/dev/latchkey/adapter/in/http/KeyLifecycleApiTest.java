package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.keys.KeyMeta;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code PATCH /v1/keys/{id}}, {@code meta}, and rotation by id and by the key itself. */
@MicronautTest
class KeyLifecycleApiTest extends AdminAndUserApiTest {

    @Inject
    TestWiring.MovableClock clock;

    private Map<String, Object> issue(String body) {
        Api.Response issued = api.post("/v1/users/" + userId + "/keys", body, admin);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    private Api.Response patch(Object keyId, String body) {
        return api.send("PATCH", "/v1/keys/" + keyId, body, admin);
    }

    /** A body that breaks the document on purpose: the request is not judged against it, the answer is. */
    private Api.Response malformedPatch(Object keyId, String body) {
        return api.malformed().send("PATCH", "/v1/keys/" + keyId, body, admin);
    }

    @Test
    void metaRoundTripsAsAJsonObject() {
        Map<String, Object> issued = issue("{\"name\":\"ci\",\"scopes\":[],\"meta\":{\"team\":\"billing\",\"tier\":3,"
                + "\"tags\":[\"a\",\"ü\"],\"nested\":{\"on\":true}}}");

        Map<?, ?> expected = Map.of("team", "billing", "tier", 3, "tags", List.of("a", "ü"), "nested", Map.of("on", true));
        assertThat(issued.get("meta")).isEqualTo(expected);
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("meta")).isEqualTo(expected);
    }

    @Test
    void refusesMetaThatIsNotAnObjectOrTooLarge() {
        api.malformed().post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[],\"meta\":[1]}", admin)
                .isProblem(400, "validation_failed");
        api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[],\"meta\":{\"a\":\"" + "x".repeat(4100)
                + "\"}}", admin).isProblem(400, "validation_failed");
    }

    @Test
    void refusesMetaNestedDeeperThanTheLimitOnIssueAndPatchNever500() {
        Map<String, Object> issued = issue("{\"name\":\"ci\",\"scopes\":[],\"meta\":" + nested(KeyMeta.MAX_DEPTH) + "}");
        for (int depth : new int[] {999, 200, 65, KeyMeta.MAX_DEPTH + 1}) {
            Api.Response refused = api.post("/v1/users/" + userId + "/keys",
                    "{\"name\":\"ci\",\"scopes\":[],\"meta\":" + nested(depth) + "}", admin);
            assertThat(refused.status()).as(depth + " levels: " + refused.body()).isEqualTo(400);
            refused.isProblem(400, "validation_failed");
            assertThat(refused.body()).contains("meta");
            patch(issued.get("id"), "{\"meta\":" + nested(depth) + "}").isProblem(400, "validation_failed");
        }
    }

    /** A JSON object nested {@code depth} levels deep: {"a":{"a":...{}}}. */
    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    @Test
    void patchChangesWhatIsSentAndTakesEffectOnTheNextRequest() {
        Map<String, Object> issued = issue("{\"name\":\"ci\",\"scopes\":[\"process\"],\"meta\":{\"a\":1}}");
        String key = (String) issued.get("key");
        assertThat(api.post("/v1/process", "{\"status\":\"SUCCESS\"}", "X-API-Key", key).status()).isEqualTo(200);

        Api.Response changed = patch(issued.get("id"), "{\"name\":\"deploy\",\"scopes\":[\"deploy\"],\"meta\":null}");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json()).containsEntry("name", "deploy").containsEntry("scopes", List.of("deploy"))
                .containsEntry("meta", null);
        api.post("/v1/process", "{\"status\":\"SUCCESS\"}", "X-API-Key", key).isProblem(403, "insufficient_scope");
    }

    @Test
    void anExpiryCanBeSetAndRemovedButNotInThePast() {
        Map<String, Object> issued = issue("{\"name\":\"ci\",\"scopes\":[]}");
        String key = (String) issued.get("key");
        String soon = clock.instant().plusSeconds(60).toString();

        assertThat(patch(issued.get("id"), "{\"expiresAt\":\"" + soon + "\"}").field("expiresAt")).isNotNull();
        clock.advance(Duration.ofSeconds(61));
        api.get("/v1/me", "X-API-Key", key).isProblem(401, "expired_key");
        patch(issued.get("id"), "{\"expiresAt\":\"2001-01-01T00:00:00Z\"}").isProblem(400, "validation_failed");
        assertThat(patch(issued.get("id"), "{\"expiresAt\":null}").field("expiresAt")).isNull();
        assertThat(api.get("/v1/me", "X-API-Key", key).status()).isEqualTo(200);
    }

    @Test
    void refusesInvalidKeyPatches() {
        Object id = issue("{\"name\":\"ci\",\"scopes\":[]}").get("id");
        malformedPatch(id, "{\"scopes\":\"process\"}").isProblem(400, "validation_failed");
        malformedPatch(id, "{\"scopes\":[\"Not A Scope\"]}").isProblem(400, "validation_failed");
        malformedPatch(id, "{\"name\":\"\"}").isProblem(400, "validation_failed");
        malformedPatch(id, "{\"rateLimit\":{\"limit\":1}}").isProblem(400, "validation_failed");
        patch("AAAAAAAAAAAA", "{\"name\":\"x\"}").isProblem(404, "not_found");
    }

    @Test
    void rotationIssuesACopyAndTheOldKeyLastsForTheGrace() {
        Map<String, Object> old = issue("{\"name\":\"ci\",\"scopes\":[\"process\"],\"prefix\":\"acme\",\"meta\":{\"a\":1}}");

        Api.Response rotated = rotateWithGrace(old.get("id"));

        Map<String, Object> fresh = rotated.json();
        assertThat(fresh).containsEntry("name", "ci").containsEntry("scopes", List.of("process"))
                .containsEntry("userId", userId).containsEntry("meta", Map.of("a", 1));
        assertThat((String) fresh.get("key")).startsWith("acme_");
        assertThat(rotated.header("Location")).isEqualTo("/v1/keys/" + fresh.get("id"));
        Map<String, Object> retired = api.get("/v1/keys/" + old.get("id"), admin).json();
        assertThat(retired).containsEntry("rotatedTo", fresh.get("id"));
        assertThat(retired.get("expiresAt")).isNotNull();

        assertThat(api.get("/v1/me", "X-API-Key", (String) old.get("key")).status()).isEqualTo(200);
        assertThat(api.get("/v1/me", "X-API-Key", (String) fresh.get("key")).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        api.get("/v1/me", "X-API-Key", (String) old.get("key")).isProblem(401, "expired_key");
        assertThat(api.get("/v1/me", "X-API-Key", (String) fresh.get("key")).status()).isEqualTo(200);
    }

    @Test
    void aRotatedOrRevokedKeyCannotBeRotatedAndGraceIsChecked() {
        Object id = issue("{\"name\":\"ci\",\"scopes\":[]}").get("id");
        api.malformed().post("/v1/keys/" + id + "/rotate", "{}", admin).isProblem(400, "validation_failed");
        api.malformed().post("/v1/keys/" + id + "/rotate", "{\"gracePeriodSeconds\":-1}", admin).isProblem(400, "validation_failed");
        api.malformed().post("/v1/keys/" + id + "/rotate", "{\"gracePeriodSeconds\":2592001}", admin)
                .isProblem(400, "validation_failed");
        assertThat(api.post("/v1/keys/" + id + "/rotate", "{\"gracePeriodSeconds\":2592000}", admin).status())
                .isEqualTo(201);

        api.post("/v1/keys/" + id + "/rotate", "{\"gracePeriodSeconds\":0}", admin).isProblem(409, "conflict");
        Object revoked = issue("{\"name\":\"x\",\"scopes\":[]}").get("id");
        api.post("/v1/keys/" + revoked + "/revoke", null, admin);
        api.post("/v1/keys/" + revoked + "/rotate", "{\"gracePeriodSeconds\":0}", admin).isProblem(409, "conflict");
        api.post("/v1/keys/AAAAAAAAAAAA/rotate", "{\"gracePeriodSeconds\":0}", admin).isProblem(404, "not_found");
    }

    @Test
    void ofConcurrentRotationsExactlyOneSucceeds() throws Exception {
        Object id = issue("{\"name\":\"ci\",\"scopes\":[]}").get("id");
        int contenders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < contenders; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return api.post("/v1/keys/" + id + "/rotate", "{\"gracePeriodSeconds\":30}", admin).status();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                results.add(status.get(30, TimeUnit.SECONDS));
            }
            assertThat(results).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClientRotatesItsOwnKey() {
        String own = (String) issue("{\"name\":\"self\",\"scopes\":[\"process\",\"me:rotate\"]}").get("key");

        Api.Response rotated = api.post("/v1/me/rotate", "{\"gracePeriodSeconds\":120}", "X-API-Key", own);

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String fresh = (String) rotated.field("key");
        assertThat(api.get("/v1/me", "X-API-Key", own).status()).isEqualTo(200);
        assertThat(((Map<?, ?>) api.get("/v1/me", "X-API-Key", fresh).field("key")).get("name")).isEqualTo("self");

        Api.Response immediate = api.post("/v1/me/rotate", null, "X-API-Key", fresh);
        assertThat(immediate.status()).as(immediate.body()).isEqualTo(201);
        api.get("/v1/me", "X-API-Key", fresh).isProblem(401, "expired_key");
    }
}
