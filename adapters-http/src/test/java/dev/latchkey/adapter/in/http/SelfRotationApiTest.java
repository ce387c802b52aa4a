package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rotation, by a key itself ({@code POST /v1/me/rotate}, only with {@code me:rotate}, grace capped) or by an admin:
 * the new key keeps the old one's expiry and limits, and during the grace the two draw on one quota and one
 * rate-limit bucket (issue 24: a key expiring tomorrow with {@code remaining: 5} rotated into a key that never
 * expired, and old and new gave 8 successes between them).
 */
@MicronautTest
class SelfRotationApiTest extends AdminAndUserApiTest {

    private static final String TOMORROW = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
            .toString();

    private Map<String, Object> issue(String scopes, String limits) {
        return issueKey(admin, userId, "{\"name\":\"ci\",\"scopes\":" + scopes + ",\"expiresAt\":\"" + TOMORROW
                + "\",\"meta\":{\"team\":\"billing\"},\"allowedCidrs\":[\"127.0.0.1\",\"::1\"]" + limits + "}");
    }

    private Api.Response rotateItself(String key, long graceSeconds) {
        return rotateItself(api, key, graceSeconds);
    }

    private static Api.Response rotateItself(Api client, String key, long graceSeconds) {
        return client.post("/v1/me/rotate", "{\"gracePeriodSeconds\":" + graceSeconds + "}", "X-API-Key", key);
    }

    /** Uses {@code old} and {@code fresh} in turn, {@code times} each: the statuses, in order. */
    private List<Integer> useInTurn(String old, String fresh, int times) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            statuses.add(api.get("/v1/auth", "X-API-Key", old).status());
            statuses.add(api.get("/v1/auth", "X-API-Key", fresh).status());
        }
        return statuses;
    }

    @Test
    void aKeyExpiringTomorrowWithFiveUsesRotatesItselfIntoOneExpiringTomorrowAndBothTogetherGetFive() {
        Map<String, Object> issued = issue("[\"process\",\"me:rotate\"]", ",\"remaining\":5");
        String old = (String) issued.get("key");

        Api.Response rotated = rotateItself(old, 3600); // authenticating the rotation takes the first of the five
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        Map<String, Object> fresh = rotated.json();

        assertThat(fresh.get("expiresAt")).isEqualTo(issued.get("expiresAt")).isNotNull();
        assertThat(fresh.get("meta")).isEqualTo(Map.of("team", "billing"));
        assertThat(fresh.get("allowedCidrs")).isEqualTo(issued.get("allowedCidrs"));
        assertThat(fresh.get("scopes")).isEqualTo(issued.get("scopes"));
        assertThat(fresh.get("remaining")).isEqualTo(4);
        List<Integer> statuses = useInTurn(old, (String) fresh.get("key"), 4);
        assertThat(statuses).filteredOn(status -> status == 200).as("%s", statuses).hasSize(4);
        assertThat(statuses).filteredOn(status -> status != 200).containsOnly(403);
        api.get("/v1/auth", "X-API-Key", old).isProblem(403, "usage_exceeded");
        api.get("/v1/auth", "X-API-Key", (String) fresh.get("key")).isProblem(403, "usage_exceeded");
    }

    @Test
    void theOldAndTheNewKeyShareOneRateLimitDuringTheGrace() {
        Map<String, Object> issued = issue("[\"me:rotate\"]", ",\"rateLimit\":{\"limit\":4,\"periodSeconds\":3600}");
        String old = (String) issued.get("key");

        Map<String, Object> fresh = rotateItself(old, 3600).json(); // the first of the four
        assertThat(fresh.get("rateLimit")).isEqualTo(Map.of("limit", 4, "periodSeconds", 3600));

        List<Integer> statuses = useInTurn(old, (String) fresh.get("key"), 3);
        assertThat(statuses).as("%s", statuses).containsExactly(200, 200, 200, 429, 429, 429);
        api.get("/v1/auth", "X-API-Key", (String) fresh.get("key")).isProblem(429, "rate_limited");
    }

    @Test
    void anAdminsRotationKeepsTheExpiryAndSharesTheQuotaToo() {
        Map<String, Object> issued = issue("[\"process\"]", ",\"remaining\":5");

        Api.Response rotated = api.post("/v1/keys/" + issued.get("id") + "/rotate", "{\"gracePeriodSeconds\":3600}",
                admin);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);

        assertThat(rotated.field("expiresAt")).isEqualTo(issued.get("expiresAt"));
        List<Integer> statuses = useInTurn((String) issued.get("key"), (String) rotated.field("key"), 5);
        assertThat(statuses).filteredOn(status -> status == 200).as("%s", statuses).hasSize(5);
    }

    @Test
    void aKeyWithoutMeRotateCannotRotateItselfAndNothingChanges() {
        Map<String, Object> issued = issue("[\"process\",\"keys:write\"]", "");
        String key = (String) issued.get("key");

        Api.Response refused = rotateItself(key, 0).isProblem(403, "insufficient_scope");

        assertThat(refused.header("WWW-Authenticate")).endsWith("error=\"insufficient_scope\", scope=\"me:rotate\"");
        assertThat(refused.field("detail")).isEqualTo("this key lacks a scope the request needs: me:rotate");
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("rotatedTo")).isNull();
        assertThat(api.get("/v1/me", "X-API-Key", key).status()).isEqualTo(200);
    }

    /** {@code POST /v1/keys/{ownId}/rotate} by the key itself is a self-rotation too, with the same rules. */
    @Test
    void aKeyRotatingItselfByItsIdFollowsTheSelfRotationRules() {
        Map<String, Object> withoutMeRotate = issue("[\"keys:write\"]", "");
        String[] itself = {"X-API-Key", (String) withoutMeRotate.get("key")};
        api.post("/v1/keys/" + withoutMeRotate.get("id") + "/rotate", "{\"gracePeriodSeconds\":0}", itself)
                .isProblem(403, "insufficient_scope");
        assertThat(api.get("/v1/keys/" + withoutMeRotate.get("id"), admin).field("rotatedTo")).isNull();

        Map<String, Object> withMeRotate = issue("[\"keys:write\",\"me:rotate\"]", "");
        String[] self = {"X-API-Key", (String) withMeRotate.get("key")};
        String path = "/v1/keys/" + withMeRotate.get("id") + "/rotate";
        api.post(path, "{\"gracePeriodSeconds\":2592000}", self).isProblem(400, "validation_failed");
        Api.Response rotated = api.post(path, "{\"gracePeriodSeconds\":60}", self);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);

        // the replacement counts as self-rotated: a leak report of the old key reaches it
        String[] successor = {"X-API-Key", (String) rotated.field("key")};
        Api.Response leak = api.post("/v1/leaks", "[{\"token\":\"" + withMeRotate.get("key")
                + "\",\"type\":\"latchkey_api_key\",\"url\":\"https://example.com/leak\"}]", admin);
        assertThat(leak.status()).as(leak.body()).isEqualTo(200);
        api.get("/v1/me", successor).isProblem(401, "revoked_key");
    }

    @Test
    void aSelfRotationsGraceIsCappedAndALongerOneChangesNothing() {
        Map<String, Object> issued = issue("[\"me:rotate\"]", "");
        String key = (String) issued.get("key");

        for (long grace : List.of(86_401L, 2_592_001L)) {
            Api.Response refused = rotateItself(api.malformed(), key, grace).isProblem(400, "validation_failed");
            Map<?, ?> error = (Map<?, ?>) ((List<?>) refused.field("errors")).get(0);
            assertThat(error.get("field")).isEqualTo("gracePeriodSeconds");
            assertThat((String) error.get("message")).contains("86400", "latchkey.rotation.self-max-grace");
        }
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("rotatedTo")).isNull();

        assertThat(rotateItself(key, 86_400).status()).isEqualTo(201);
    }
}
