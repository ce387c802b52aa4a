package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/audit-events} and {@code GET /v1/keys/{keyId}/usage}. */
@MicronautTest
class AuditAndUsageApiTest extends HttpApiTest {

    private String[] admin;
    private String adminKeyId;
    private String userId;

    @BeforeEach
    void setUp() {
        String adminKey = Api.keyWithScopes(registerUser, issueApiKey, "admin", "keys:verify");
        admin = new String[] {"X-API-Key", adminKey};
        adminKeyId = adminKey.substring(adminKey.indexOf('_') + 1, adminKey.indexOf('_') + 13);
        userId = newUser(admin, "Ada");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events(String query) {
        Api.Response answer = api.get("/v1/audit-events" + query, admin);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return (List<Map<String, Object>>) answer.field("items");
    }

    @Test
    void changesAreAuditedWithTheirActorAddressAndRequest() {
        Api.Response issued = api.send("POST", "/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}",
                "X-API-Key", admin[1], "X-Request-Id", "issue-request-1", "Content-Type", "application/json");
        String keyId = (String) issued.field("id");
        api.post("/v1/keys/" + keyId + "/revoke", "", admin);
        api.post("/v1/keys/" + keyId + "/revoke", "", admin); // idempotent: no second event

        List<Map<String, Object>> ofKey = events("?keyId=" + keyId + "&type=key.issued");
        assertThat(ofKey).hasSize(1);
        assertThat(ofKey.get(0)).containsEntry("type", "key.issued").containsEntry("outcome", "success")
                .containsEntry("keyId", keyId).containsEntry("userId", userId)
                .containsEntry("actorKeyId", adminKeyId).containsEntry("clientIp", "127.0.0.1")
                .containsEntry("requestId", "issue-request-1");
        assertThat(events("?keyId=" + keyId + "&type=key.revoked")).hasSize(1);
        assertThat(events("?userId=" + userId + "&type=user.created")).hasSize(1);
    }

    @Test
    void everyVerificationIsCountedInASummaryByKeyIdNeverBySecret() {
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}",
                admin).json();
        String key = (String) issued.get("key");
        String keyId = (String) issued.get("id");
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/v1/me", "X-API-Key", key).status()).isEqualTo(200);
        }
        String garbled = key.substring(0, key.length() - 6) + "AAAAAA"; // the checksum fails: no key id
        api.get("/v1/me", "X-API-Key", garbled).isProblem(401, "malformed_key");
        api.post("/v1/keys/verify", "{\"key\":\"" + key + "\"}", admin);
        api.post("/v1/keys/" + keyId + "/revoke", "", admin);
        api.get("/v1/me", "X-API-Key", key).isProblem(401, "revoked_key");

        // within the flush interval, the six verifications are one summary (two if a minute ended between them)
        Api.eventually(() -> assertThat(events("?keyId=" + keyId + "&type=key.verified&limit=100").stream()
                .mapToLong(event -> ((Number) event.get("count")).longValue()).sum()).isEqualTo(6));
        Api.eventually(() -> assertThat(events("?keyId=" + keyId + "&type=key.rejected")).singleElement()
                .satisfies(rejected -> assertThat(rejected).containsEntry("outcome", "failure")
                        .containsEntry("code", "REVOKED").containsEntry("count", 1)
                        .containsEntry("firstAt", rejected.get("lastAt"))));
        Api.eventually(() -> assertThat(events("?type=key.rejected&limit=100")).anySatisfy(event ->
                assertThat(event).containsEntry("code", "MALFORMED").containsEntry("keyId", null)
                        .containsEntry("clientIp", "127.0.0.1")));
        List<Map<String, Object>> verified = events("?keyId=" + keyId + "&type=key.verified&limit=100");
        assertThat(verified).allSatisfy(event -> {
            assertThat(event).containsEntry("clientIp", "127.0.0.1").containsEntry("userId", userId)
                    .containsEntry("code", "VALID").containsEntry("outcome", "success")
                    .as("a summary is of many requests and callers").containsEntry("requestId", null)
                    .containsEntry("actorKeyId", null);
            String at = (String) event.get("at");
            assertThat(at).as("the minute").endsWith(":00Z");
            assertThat((String) event.get("firstAt")).isGreaterThanOrEqualTo(at.substring(0, 16));
            assertThat((String) event.get("lastAt")).isGreaterThanOrEqualTo((String) event.get("firstAt"));
        });
        assertThat(api.get("/v1/audit-events?limit=100", admin).body()).doesNotContain(key)
                .doesNotContain(garbled);
    }

    @Test
    void changesCountOnceAndAreListedWithSummariesInOneOrder() {
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}",
                admin).json();
        String keyId = (String) issued.get("id");
        api.get("/v1/me", "X-API-Key", (String) issued.get("key"));
        Api.eventually(() -> assertThat(events("?keyId=" + keyId + "&type=key.verified")).hasSize(1));

        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = "";
        do {
            Api.Response page = api.get("/v1/audit-events?keyId=" + keyId + "&limit=1" + cursor, admin);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.field("items");
            all.addAll(items);
            Object next = page.field("nextCursor");
            cursor = next == null ? null : "&cursor=" + next;
        } while (cursor != null);
        assertThat(all).extracting(event -> event.get("type")).containsExactlyInAnyOrder("key.issued", "key.verified");
        assertThat(all).filteredOn(event -> "key.issued".equals(event.get("type"))).singleElement()
                .satisfies(change -> assertThat(change).containsEntry("count", 1)
                        .containsEntry("firstAt", change.get("at")).containsEntry("lastAt", change.get("at")));
    }

    @Test
    void pagesNewestFirstWithACursor() {
        for (int i = 0; i < 5; i++) {
            api.send("PATCH", "/v1/users/" + userId, "{\"name\":\"Ada " + i + "\"}", admin);
        }
        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            Api.Response page = api.get("/v1/audit-events?type=user.updated&userId=" + userId + "&limit=2"
                    + cursor, admin);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.field("items");
            items.forEach(item -> seen.add((String) item.get("at") + "/" + item.get("id")));
            Object next = page.field("nextCursor");
            cursor = next == null ? null : "&cursor=" + next;
        } while (cursor != null);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertThat(new ArrayList<>(seen)).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void refusesBadFiltersAndCallersWithoutAuditRead() {
        api.malformed().get("/v1/audit-events?type=key.exploded", admin).isProblem(400, "validation_failed");
        api.malformed().get("/v1/audit-events?since=yesterday", admin).isProblem(400, "validation_failed");
        api.malformed().get("/v1/audit-events?keyId=short", admin).isProblem(400, "validation_failed");
        api.malformed().get("/v1/audit-events?limit=101", admin).isProblem(400, "validation_failed");
        api.get("/v1/audit-events?cursor=bm9wZQ", admin).isProblem(400, "validation_failed");
        api.get("/v1/audit-events?since=2026-11-23T00:00:00Z&until=2026-11-22T00:00:00Z", admin)
                .isProblem(400, "validation_failed");
        String reader = Api.keyWithScopes(registerUser, issueApiKey, "keys:read");
        api.get("/v1/audit-events", "X-API-Key", reader).isProblem(403, "insufficient_scope");
        String auditor = Api.keyWithScopes(registerUser, issueApiKey, "audit:read");
        assertThat(api.get("/v1/audit-events", "X-API-Key", auditor).status()).isEqualTo(200);
    }

    @Test
    void usageCountsValidAndRejectedUsesOfTheKey() {
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys",
                "{\"name\":\"ci\",\"scopes\":[],\"remaining\":3}", admin).json();
        String key = (String) issued.get("key");
        for (int i = 0; i < 5; i++) {
            api.get("/v1/me", "X-API-Key", key); // 3 valid, then 2 usage_exceeded
        }

        for (String granularity : List.of("minute", "hour", "day")) {
            Api.Response usage = api.get("/v1/keys/" + issued.get("id") + "/usage?granularity=" + granularity, admin);
            assertThat(usage.status()).as(usage.body()).isEqualTo(200);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> buckets = (List<Map<String, Object>>) usage.field("buckets");
            assertThat(buckets).as(granularity).hasSize(1);
            assertThat(buckets.get(0)).containsEntry("valid", 3).containsEntry("rejected", 2);
        }
    }

    @Test
    void usageRefusesBadRangesAndUnknownKeys() {
        String keyId = (String) api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}", admin)
                .field("id");
        api.malformed().get("/v1/keys/" + keyId + "/usage?granularity=week", admin).isProblem(400, "validation_failed");
        api.get("/v1/keys/" + keyId + "/usage?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z&granularity=minute",
                admin).isProblem(400, "validation_failed");
        api.get("/v1/keys/" + keyId + "/usage?from=2026-12-01T00:00:00Z&to=2026-01-01T00:00:00Z", admin)
                .isProblem(400, "validation_failed");
        api.get("/v1/keys/AAAAAAAAAAAA/usage", admin).isProblem(404, "not_found");
    }
}
