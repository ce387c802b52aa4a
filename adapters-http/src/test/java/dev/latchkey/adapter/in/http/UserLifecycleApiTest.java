package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PATCH} and {@code DELETE /v1/users/{id}}: a disabled or deleted owner's keys stop at once. */
@MicronautTest
class UserLifecycleApiTest extends HttpApiTest {

    private String[] admin;
    private String userId;
    private String key;

    @BeforeEach
    void setUp() {
        admin = keyHeaders("admin");
        userId = (String) api.post("/v1/users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"externalId\":\"ext-"
                + UUID.randomUUID() + "\"}", admin).field("id");
        key = (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}", admin).field("key");
    }

    private Api.Response patch(String body) {
        return api.send("PATCH", "/v1/users/" + userId, body, admin);
    }

    /** A body that breaks the document on purpose: the request is not judged against it, the answer is. */
    private Api.Response malformedPatch(String body) {
        return api.malformed().send("PATCH", "/v1/users/" + userId, body, admin);
    }

    @Test
    void patchChangesOnlyTheFieldsSent() {
        Api.Response renamed = patch("{\"name\":\"Ada L.\"}");
        Api.Response cleared = patch("{\"email\":null}");

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json()).containsEntry("name", "Ada L.").containsEntry("email", "ada@example.com");
        assertThat(cleared.json()).containsEntry("name", "Ada L.").containsEntry("email", null);
        assertThat(api.get("/v1/users/" + userId, admin).json()).isEqualTo(cleared.json());
    }

    @Test
    void disablingStopsTheKeysAtOnceAndEnablingRestoresThem() {
        assertThat(patch("{\"status\":\"disabled\"}").field("status")).isEqualTo("disabled");
        api.get("/v1/me", "X-API-Key", key).isProblem(401, "disabled_user");

        assertThat(patch("{\"status\":\"active\"}").field("status")).isEqualTo("active");
        assertThat(api.get("/v1/me", "X-API-Key", key).status()).isEqualTo(200);
    }

    @Test
    void deletingStopsTheKeysAndTheUserIsGone() {
        Api.Response deleted = api.send("DELETE", "/v1/users/" + userId, null, admin);

        assertThat(deleted.status()).isEqualTo(204);
        api.get("/v1/me", "X-API-Key", key).isProblem(401, "disabled_user");
        api.get("/v1/users/" + userId, admin).isProblem(404, "not_found");
        api.send("DELETE", "/v1/users/" + userId, null, admin).isProblem(404, "not_found");
        patch("{\"name\":\"x\"}").isProblem(404, "not_found");
        List<?> listed = (List<?>) api.get("/v1/users?limit=100", admin).field("items");
        assertThat(listed).noneMatch(user -> userId.equals(((Map<?, ?>) user).get("id")));
    }

    @Test
    void refusesInvalidPatches() {
        malformedPatch("{\"status\":\"deleted\"}").isProblem(400, "validation_failed");
        malformedPatch("{\"status\":\"sleeping\"}").isProblem(400, "validation_failed");
        malformedPatch("{\"name\":null}").isProblem(400, "validation_failed");
        malformedPatch("{\"name\":12}").isProblem(400, "validation_failed");
        malformedPatch("{\"email\":\"not-an-address\"}").isProblem(400, "validation_failed");
        malformedPatch("[1]").isProblem(400, "validation_failed");
        api.send("PATCH", "/v1/users/" + userId, "{\"name\":\"x\"}", "X-API-Key",
                Api.keyWithScopes(registerUser, issueApiKey, "users:read")).isProblem(403, "insufficient_scope");
        assertThat(api.get("/v1/users/" + userId, admin).field("name")).isEqualTo("Ada");
    }
}
