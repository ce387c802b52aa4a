package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The answers a validating proxy (Stoplight Prism, in front of Latchkey) found outside the OpenAPI document, each made
 * here once; {@link Api} judges them, as every exchange of the HTTP tests, against the generated document
 * ({@link ApiContract}). And the judge itself: it must refuse what the document does not allow.
 */
@MicronautTest
class ApiContractTest extends AdminAndUserApiTest {

    @Test
    void aKeyWithoutARateLimitShowsItAsNullInEveryAnswer() {
        Map<String, Object> issued = issueKey(admin, userId, "{\"name\":\"ci\",\"scopes\":[\"me:rotate\"]}");
        assertThat(issued).containsEntry("rateLimit", null);
        String id = (String) issued.get("id");

        assertThat(api.get("/v1/keys/" + id, admin).json()).containsEntry("rateLimit", null);
        assertThat(api.get("/v1/users/" + userId + "/keys", admin).status()).isEqualTo(200);
        assertThat(api.send("PATCH", "/v1/keys/" + id, "{\"rateLimit\":{\"limit\":5,\"periodSeconds\":60}}", admin)
                .json()).containsEntry("rateLimit", Map.of("limit", 5, "periodSeconds", 60));
        // the documented way to remove a limit
        assertThat(api.send("PATCH", "/v1/keys/" + id, "{\"rateLimit\":null}", admin).json())
                .containsEntry("rateLimit", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> caller = (Map<String, Object>) api.get("/v1/me", "X-API-Key", (String) issued.get("key"))
                .field("key");
        assertThat(caller).containsEntry("rateLimit", null);
        Api.Response rotated = api.post("/v1/me/rotate", "{}", "X-API-Key", (String) issued.get("key"));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        Api.Response rotatedAgain = api.post("/v1/keys/" + rotated.field("id") + "/rotate", "{\"gracePeriodSeconds\":0}",
                admin);
        assertThat(rotatedAgain.status()).as(rotatedAgain.body()).isEqualTo(201);
        assertThat(api.post("/v1/keys/" + rotatedAgain.field("id") + "/revoke", null, admin).json())
                .containsEntry("rateLimit", null);
    }

    @Test
    void usageWithNothingCountedHasEmptyBuckets() {
        String id = (String) issueKey(admin, userId, "{\"name\":\"idle\",\"scopes\":[]}").get("id");

        Api.Response usage = api.get("/v1/keys/" + id + "/usage", admin);

        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        assertThat(usage.json()).containsEntry("buckets", List.of());
    }

    @Test
    void refusalsBeforeTheOperationAreDeclaredProblems() {
        // each request breaks the document on purpose (an Accept, a Content-Type, a size it does not allow)
        api.malformed().get("/v1/me", "Accept", "text/csv", admin[0], admin[1]).isProblem(406, "not_acceptable");
        api.malformed().post("/v1/users", "name=Ada", "Content-Type", "text/plain", admin[0], admin[1])
                .isProblem(415, "unsupported_media_type");
        api.malformed().get("/v1/me", "X-Padding", "p".repeat(70_000), admin[0], admin[1])
                .isProblem(413, "payload_too_large");
    }

    @Test
    void theJudgeRefusesWhatTheDocumentDoesNotAllow() {
        URI me = URI.create("http://127.0.0.1/v1/me");
        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
        Map<String, List<String>> credentials = Map.of("X-API-Key", List.of("lk_x"));

        assertThat(ApiContract.violations("GET", me, credentials, null, true, 200, json, "{\"user\":1,\"key\":[]}"))
                .anyMatch(violation -> violation.startsWith("validation.response.body"));
        assertThat(ApiContract.violations("GET", me, credentials, null, true, 418, json, "{}"))
                .anyMatch(violation -> violation.startsWith("validation.response.status.unknown"));
        assertThat(ApiContract.violations("GET", me, Map.of(), null, true, 401, Map.of("Content-Type",
                List.of("application/problem+json")), "{}"))
                .anyMatch(violation -> violation.startsWith("validation.request.security"));
        // the same request, malformed on purpose: its answer is still judged, the request is not
        assertThat(ApiContract.violations("GET", me, Map.of(), null, false, 418, json, "{}"))
                .hasSize(1).allMatch(violation -> violation.startsWith("validation.response.status.unknown"));
    }
}
