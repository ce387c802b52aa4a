package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-key rate limits and usage quotas: on the key's own endpoints, {@code /v1/auth} and {@code /v1/keys/verify}. */
@MicronautTest
class KeyLimitsApiTest extends AdminAndUserApiTest {

    KeyLimitsApiTest() {
        super("keys:verify");
    }

    private Map<String, Object> issue(String limits) {
        return issueKey(admin, userId, "{\"name\":\"ci\",\"scopes\":[\"process\"]" + limits + "}");
    }

    @Test
    void aRateLimitedKeyCarriesItsHeadersAndIsRefusedOnceExhausted() {
        Map<String, Object> issued = issue(",\"rateLimit\":{\"limit\":3,\"periodSeconds\":3600}");
        assertThat(issued.get("rateLimit")).isEqualTo(Map.of("limit", 3, "periodSeconds", 3600));
        String key = (String) issued.get("key");

        Api.Response first = api.get("/v1/me", "X-API-Key", key);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("RateLimit-Limit")).isEqualTo("3");
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("2");
        assertThat(Long.parseLong(first.header("RateLimit-Reset"))).isBetween(1L, 1200L);

        Api.Response gateway = api.get("/v1/auth", "Authorization", "Bearer " + key);
        assertThat(gateway.status()).isEqualTo(200);
        assertThat(gateway.header("RateLimit-Remaining")).isEqualTo("1");
        assertThat(api.get("/v1/me", "X-API-Key", key).header("RateLimit-Remaining")).isEqualTo("0");

        Api.Response refused = api.get("/v1/me", "X-API-Key", key).isProblem(429, "rate_limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 1200L);
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        Api.Response refusedAtTheGateway = api.get("/v1/auth", "X-API-Key", key).isProblem(429, "rate_limited");
        assertThat(refusedAtTheGateway.header("Retry-After")).isNotNull();
        assertThat(refusedAtTheGateway.header("RateLimit-Limit")).isEqualTo("3");
    }

    @Test
    void aKeyWithoutLimitsCarriesNoRateLimitHeaders() {
        String key = (String) issue("").get("key");

        Api.Response answer = api.get("/v1/me", "X-API-Key", key);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("RateLimit-Limit")).isNull();
    }

    @Test
    void verifyReportsTheVerifiedKeysLimitAndRefusal() {
        Map<String, Object> issued = issue(",\"rateLimit\":{\"limit\":1,\"periodSeconds\":60}");
        String body = "{\"key\":\"" + issued.get("key") + "\"}";

        Map<String, Object> valid = api.post("/v1/keys/verify", body, admin).json();
        assertThat(valid).containsEntry("valid", true).containsEntry("code", "VALID");
        Map<?, ?> rateLimit = (Map<?, ?>) valid.get("rateLimit");
        assertThat(rateLimit.get("limit")).isEqualTo(1);
        assertThat(rateLimit.get("remaining")).isEqualTo(0);
        assertThat((String) rateLimit.get("resetAt")).endsWith("Z");

        Api.Response refused = api.post("/v1/keys/verify", body, admin);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.json()).containsEntry("valid", false).containsEntry("code", "RATE_LIMITED")
                .containsEntry("keyId", issued.get("id"));
        // the caller's own key has no limit: the verified key's state is in the body, not in the headers
        assertThat(refused.header("RateLimit-Limit")).isNull();
    }

    @Test
    void aQuotaCountsDownToUsageExceeded() {
        Map<String, Object> issued = issue(",\"remaining\":2");
        String key = (String) issued.get("key");

        assertThat(api.post("/v1/keys/verify", "{\"key\":\"" + key + "\"}", admin).json())
                .containsEntry("valid", true).containsEntry("remaining", 1);
        assertThat(api.get("/v1/me", "X-API-Key", key).status()).isEqualTo(200);
        api.get("/v1/me", "X-API-Key", key).isProblem(403, "usage_exceeded");
        api.get("/v1/auth", "X-API-Key", key).isProblem(403, "usage_exceeded");
        assertThat(api.post("/v1/keys/verify", "{\"key\":\"" + key + "\"}", admin).json())
                .containsEntry("valid", false).containsEntry("code", "USAGE_EXCEEDED");
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("remaining")).isEqualTo(0);
    }

    /**
     * {@code X-Required-Scopes} is part of the verification, as {@code scopes} is for {@code /v1/keys/verify}: a key
     * lacking one is refused before its limit and quota are consulted, and loses nothing to the refusal.
     */
    @Test
    void aMissingRequiredScopeAtTheGatewayTakesNothingFromTheLimitOrTheQuota() {
        Map<String, Object> issued = issue(",\"rateLimit\":{\"limit\":5,\"periodSeconds\":3600},\"remaining\":5");
        String key = (String) issued.get("key");

        Api.Response refused = api.get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "billing")
                .isProblem(403, "insufficient_scope");
        api.get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "process,billing")
                .isProblem(403, "insufficient_scope");

        assertThat(refused.header("RateLimit-Limit")).isNull();
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("remaining")).isEqualTo(5);
        Api.Response granted = api.get("/v1/auth", "X-API-Key", key, "X-Required-Scopes", "process");
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.header("RateLimit-Remaining")).isEqualTo("4");
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("remaining")).isEqualTo(4);
    }

    @Test
    void patchSetsAndRemovesLimitsAndTheNextRequestSeesIt() {
        Map<String, Object> issued = issue(",\"remaining\":0");
        String key = (String) issued.get("key");
        api.get("/v1/me", "X-API-Key", key).isProblem(403, "usage_exceeded");

        Api.Response patched = api.send("PATCH", "/v1/keys/" + issued.get("id"),
                "{\"remaining\":null,\"rateLimit\":{\"limit\":5,\"periodSeconds\":10}}", admin);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json()).containsEntry("remaining", null)
                .containsEntry("rateLimit", Map.of("limit", 5, "periodSeconds", 10));
        assertThat(api.get("/v1/me", "X-API-Key", key).header("RateLimit-Limit")).isEqualTo("5");

        api.send("PATCH", "/v1/keys/" + issued.get("id"), "{\"rateLimit\":null}", admin);
        Api.Response unlimited = api.get("/v1/me", "X-API-Key", key);
        assertThat(unlimited.status()).isEqualTo(200);
        assertThat(unlimited.header("RateLimit-Limit")).isNull();

        api.malformed().send("PATCH", "/v1/keys/" + issued.get("id"), "{\"rateLimit\":{\"limit\":0,\"periodSeconds\":10}}",
                admin).isProblem(400, "validation_failed");
        api.malformed().send("PATCH", "/v1/keys/" + issued.get("id"), "{\"remaining\":1.5}", admin)
                .isProblem(400, "validation_failed");
        api.malformed().send("PATCH", "/v1/keys/" + issued.get("id"), "{\"remaining\":-3}", admin)
                .isProblem(400, "validation_failed");
    }

    @Test
    void rotationCarriesTheLimitsOver() {
        Map<String, Object> issued = issue(",\"rateLimit\":{\"limit\":7,\"periodSeconds\":60},\"remaining\":9");

        Map<String, Object> rotated = rotateWithGrace(issued.get("id")).json();

        assertThat(rotated.get("rateLimit")).isEqualTo(Map.of("limit", 7, "periodSeconds", 60));
        assertThat(rotated.get("remaining")).isEqualTo(9);
    }
}
