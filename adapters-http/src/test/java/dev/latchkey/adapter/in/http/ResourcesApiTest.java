package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/api-guide.md §5 users, keys, me and process, and Micronaut's own errors as problems. */
@MicronautTest
class ResourcesApiTest extends HttpApiTest {

    private String[] admin;

    @BeforeEach
    void setUp() {
        admin = keyHeaders("admin");
    }

    private Api.Response createUser(String body) {
        return api.post("/v1/users", body, admin);
    }

    /** A body that breaks the document on purpose: the request is not judged against it, the answer is. */
    private Api.Response createMalformedUser(String body) {
        return api.malformed().post("/v1/users", body, admin);
    }

    private String newUserId() {
        return (String) createUser("{\"name\":\"Ada\"}").field("id");
    }

    @Test
    void createsAUserWithLocationAndEveryField() {
        String externalId = "crm-" + UUID.randomUUID();
        Api.Response created = createUser("{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"externalId\":\""
                + externalId + "\",\"unknownField\":42}");

        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> user = created.json();
        assertThat(user).containsOnlyKeys("id", "name", "email", "externalId", "status", "createdAt", "updatedAt");
        assertThat(user).containsEntry("name", "Ada").containsEntry("email", "ada@example.com")
                .containsEntry("externalId", externalId).containsEntry("status", "active");
        assertThat((String) user.get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(created.header("Location")).isEqualTo("/v1/users/" + user.get("id"));
        assertThat(api.get(created.header("Location"), admin).json()).isEqualTo(user);
    }

    @Test
    void absentOptionalFieldsAreNull() {
        Map<String, Object> user = createUser("{\"name\":\"Bob\"}").json();

        assertThat(user).containsEntry("email", null).containsEntry("externalId", null);
    }

    @Test
    void aDuplicateExternalIdIsAConflict() {
        String body = "{\"name\":\"Ada\",\"externalId\":\"dup-" + UUID.randomUUID() + "\"}";
        assertThat(createUser(body).status()).isEqualTo(201);

        createUser(body).isProblem(409, "conflict");
    }

    @Test
    void invalidFieldsAreValidationFailedNamingEachField() {
        assertThat(fields(createMalformedUser("{\"name\":\"\"}").isProblem(400, "validation_failed"))).contains("name");
        assertThat(fields(createMalformedUser("{}").isProblem(400, "validation_failed"))).contains("name");
        assertThat(fields(createMalformedUser("{\"name\":\"" + "x".repeat(201) + "\"}").isProblem(400, "validation_failed")))
                .contains("name");
        assertThat(fields(createMalformedUser("{\"name\":\"Ada\",\"email\":\"nope\"}").isProblem(400, "validation_failed")))
                .contains("email");
    }

    @Test
    void unreadableBodiesAreValidationFailed() {
        createMalformedUser("{\"name\":").isProblem(400, "validation_failed");
        createMalformedUser("{\"name\": 12}").status();
        createMalformedUser("[1,2]").isProblem(400, "validation_failed");
        api.malformed().post("/v1/users/" + newUserId() + "/keys", "{\"name\":\"ci\",\"scopes\":\"process\"}", admin)
                .isProblem(400, "validation_failed");
    }

    @Test
    void micronautsOwnErrorsAreProblemsToo() {
        api.get("/v1/nothing-here", admin).isProblem(404, "not_found");
        api.get("/v1/nothing-here").isProblem(404, "not_found");
        api.malformed().send("DELETE", "/v1/users", null, admin).isProblem(405, "method_not_allowed");
        api.malformed().post("/v1/users", "name=Ada", "Content-Type", "application/x-www-form-urlencoded", admin[0], admin[1])
                .isProblem(415, "unsupported_media_type");
        api.malformed().get("/v1/users?limit=abc", admin).isProblem(400, "validation_failed");
        api.malformed().get("/v1/users?limit=0", admin).isProblem(400, "validation_failed");
        api.malformed().get("/v1/users?limit=101", admin).isProblem(400, "validation_failed");
        api.get("/v1/users?cursor=garbage", admin).isProblem(400, "validation_failed");
    }

    @Test
    void searchesUsersByNameEmailOrExternalIdAPageAtATime() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String byName = (String) createUser("{\"name\":\"Zed " + tag.toUpperCase() + "\"}").field("id");
        String byEmail = (String) createUser("{\"name\":\"Yan\",\"email\":\"" + tag + "@example.com\"}").field("id");
        String byExternalId = (String) createUser("{\"name\":\"Xia\",\"externalId\":\"crm-" + tag + "\"}")
                .field("id");
        newUserId();

        Api.Response first = api.get("/v1/users?limit=2&q=" + tag, admin);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(ids(first)).hasSize(2);
        Api.Response second = api.get("/v1/users?limit=2&q=" + tag + "&cursor=" + first.field("nextCursor"), admin);
        assertThat(ids(second)).hasSize(1);
        assertThat(second.field("nextCursor")).isNull();
        List<String> found = new ArrayList<>(ids(first));
        found.addAll(ids(second));
        assertThat(found).containsExactlyInAnyOrder(byName, byEmail, byExternalId);
        api.malformed().get("/v1/users?q=" + "x".repeat(201), admin).isProblem(400, "validation_failed");
        api.get("/v1/users?q=%20", admin).isProblem(400, "validation_failed");
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Api.Response page) {
        return ((List<Map<String, Object>>) page.field("items")).stream().map(user -> (String) user.get("id")).toList();
    }

    @Test
    void unknownOrImpossibleIdsAreNotFound() {
        api.get("/v1/users/" + UUID.randomUUID(), admin).isProblem(404, "not_found");
        api.malformed().get("/v1/users/not-a-uuid", admin).isProblem(404, "not_found");
        api.get("/v1/keys/AAAAAAAAAAAA", admin).isProblem(404, "not_found");
        api.malformed().get("/v1/keys/short", admin).isProblem(404, "not_found");
        api.post("/v1/keys/AAAAAAAAAAAA/revoke", null, admin).isProblem(404, "not_found");
        api.post("/v1/users/" + UUID.randomUUID() + "/keys", "{\"name\":\"ci\",\"scopes\":[]}", admin)
                .isProblem(404, "not_found");
    }

    @Test
    void listsUsersWithCursorsUntilNextCursorIsNull() {
        for (int i = 0; i < 3; i++) {
            newUserId();
        }
        Set<Object> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/v1/users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json()).containsKeys("items", "nextCursor");
            for (Object item : (List<?>) page.field("items")) {
                assertThat(seen.add(((Map<?, ?>) item).get("id"))).as("each user once").isTrue();
            }
            cursor = (String) page.field("nextCursor");
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(seen.size()).isGreaterThanOrEqualTo(3);
        assertThat(cursor).isNull();
    }

    @Test
    void issuesAKeyShownOnceThatWorksAndIsNeverShownAgain() {
        String userId = newUserId();
        Api.Response issued = api.post("/v1/users/" + userId + "/keys",
                "{\"name\":\"ci\",\"scopes\":[\"process\"],\"prefix\":\"acme_live\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}",
                admin);

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        Map<String, Object> key = issued.json();
        assertThat(key).containsOnlyKeys("id", "userId", "name", "start", "scopes", "createdAt", "expiresAt",
                "revokedAt", "lastUsedAt", "rateLimit", "remaining", "meta", "rotatedTo", "allowedCidrs", "alerts",
                "honeytoken", "honeytokenPresentations", "key");
        String plaintext = (String) key.get("key");
        assertThat(plaintext).startsWith("acme_live_").hasSize("acme_live_".length() + 50);
        assertThat(key).containsEntry("userId", userId).containsEntry("name", "ci")
                .containsEntry("start", "acme_live_" + ((String) key.get("id")).substring(0, 4))
                .containsEntry("scopes", List.of("process")).containsEntry("expiresAt", "2999-01-01T00:00:00Z")
                .containsEntry("revokedAt", null);
        assertThat(issued.header("Location")).isEqualTo("/v1/keys/" + key.get("id"));
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");

        Api.Response shown = api.get("/v1/keys/" + key.get("id"), admin);
        assertThat(shown.json()).doesNotContainKey("key").containsEntry("id", key.get("id"));
        assertThat(shown.body()).doesNotContain(plaintext.substring("acme_live_".length() + 12));
        Api.Response listed = api.get("/v1/users/" + userId + "/keys", admin);
        assertThat(listed.body()).doesNotContain(plaintext.substring("acme_live_".length() + 12)).doesNotContain("secret");

        Api.Response processed = api.post("/v1/process", "{\"status\":\"SUCCESS\"}", "Authorization", "Bearer " + plaintext);
        assertThat(processed.status()).isEqualTo(200);
        assertThat(processed.field("status")).isEqualTo("SUCCESS");
        assertThat(UUID.fromString((String) processed.field("id"))).isNotNull();
    }

    @Test
    void refusesKeyFieldsThatAreInvalid() {
        String path = "/v1/users/" + newUserId() + "/keys";
        assertThat(fields(api.malformed().post(path, "{\"name\":\"ci\",\"scopes\":[\"Bad Scope\"]}", admin)
                .isProblem(400, "validation_failed"))).contains("scopes");
        assertThat(fields(api.malformed().post(path, "{\"name\":\"ci\",\"scopes\":[],\"prefix\":\"UPPER\"}", admin)
                .isProblem(400, "validation_failed"))).contains("prefix");
        assertThat(fields(api.post(path, "{\"name\":\"ci\",\"scopes\":[],\"expiresAt\":\"2001-01-01T00:00:00Z\"}", admin)
                .isProblem(400, "validation_failed"))).contains("expiresAt");
        assertThat(fields(api.malformed().post(path, "{\"name\":\"ci\",\"scopes\":[],\"expiresAt\":\"tomorrow\"}", admin)
                .isProblem(400, "validation_failed"))).contains("expiresAt");
        assertThat(fields(api.malformed().post(path, "{\"name\":\"ci\",\"scopes\":[],\"rateLimit\":{\"limit\":0,\"periodSeconds\":1}}",
                admin).isProblem(400, "validation_failed"))).contains("rateLimit");
        assertThat(fields(api.malformed().post(path, "{\"name\":\"ci\",\"scopes\":[],\"rateLimit\":{\"limit\":5,\"periodSeconds\":86401}}",
                admin).isProblem(400, "validation_failed"))).contains("rateLimit");
        assertThat(fields(api.malformed().post(path, "{\"name\":\"ci\",\"scopes\":[],\"rateLimit\":{\"limit\":5}}",
                admin).isProblem(400, "validation_failed"))).contains("rateLimit");
        assertThat(fields(api.malformed().post(path, "{\"name\":\"ci\",\"scopes\":[],\"remaining\":-1}",
                admin).isProblem(400, "validation_failed"))).contains("remaining");
        assertThat(fields(api.malformed().post(path, "{\"scopes\":[]}", admin).isProblem(400, "validation_failed"))).contains("name");
        assertThat(fields(api.malformed().post(path, "{\"name\":\"ci\"}", admin).isProblem(400, "validation_failed")))
                .contains("scopes");
        assertThat(api.get(path + "?includeRevoked=true", admin).field("items")).isEqualTo(List.of());
    }

    @Test
    void revokingIsIdempotentAndHidesTheKeyFromDefaultListings() {
        String userId = newUserId();
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}", admin)
                .json();
        String revokePath = "/v1/keys/" + issued.get("id") + "/revoke";

        Api.Response first = api.post(revokePath, null, admin);
        Api.Response second = api.post(revokePath, null, admin);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.field("revokedAt")).isNotNull().isEqualTo(second.field("revokedAt"));
        api.get("/v1/me", "X-API-Key", (String) issued.get("key")).isProblem(401, "revoked_key");
        assertThat((List<?>) api.get("/v1/users/" + userId + "/keys", admin).field("items")).isEmpty();
        assertThat((List<?>) api.get("/v1/users/" + userId + "/keys?includeRevoked=true", admin).field("items"))
                .hasSize(1);
    }

    @Test
    void meIsTheCallersUserAndKey() {
        Api.Response me = api.get("/v1/me", admin);

        assertThat(me.status()).isEqualTo(200);
        Map<?, ?> key = (Map<?, ?>) me.field("key");
        Map<?, ?> user = (Map<?, ?>) me.field("user");
        assertThat(key.get("userId")).isEqualTo(user.get("id"));
        assertThat(key.get("scopes")).isEqualTo(List.of("admin"));
        assertThat(admin[1]).startsWith((String) key.get("start"));
    }

    @Test
    void processFailsWithAProblemForAnyOtherStatus() {
        String process = Api.keyWithScopes(registerUser, issueApiKey, "process");

        api.post("/v1/process", "{\"status\":\"FAILED\"}", "X-API-Key", process).isProblem(422, "processing_failed");
        api.malformed().post("/v1/process", "{}", "X-API-Key", process).isProblem(400, "validation_failed");
    }

    private static List<String> fields(Api.Response problem) {
        List<String> names = new ArrayList<>();
        Object errors = problem.field("errors");
        assertThat(errors).as("errors in " + problem.body()).isInstanceOf(List.class);
        for (Object error : (List<?>) errors) {
            names.add((String) ((Map<?, ?>) error).get("field"));
        }
        return names;
    }
}
