package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Built-in scopes are privileges: a caller grants, changes or removes only what it holds, and only {@code admin}
 * grants {@code admin}, through the API and the console alike. Application scopes stay grantable by
 * {@code keys:write}.
 */
@MicronautTest
class PrivilegeApiTest extends HttpApiTest {

    private String[] admin;
    private String adminKeyId;
    private String adminUser;
    private String customer;

    @BeforeEach
    void setUp() {
        admin = keyHeaders("admin");
        adminKeyId = (String) ((Map<?, ?>) api.get("/v1/me", admin).field("key")).get("id");
        adminUser = (String) ((Map<?, ?>) api.get("/v1/me", admin).field("user")).get("id");
        customer = newUser(admin, "Customer");
    }

    @Test
    void aDelegateIssuesApplicationScopesButNoPrivilegeItLacks() {
        String[] delegate = keyHeaders("keys:write");

        assertThat(issueKey(delegate, customer, "{\"name\":\"app\",\"scopes\":[\"process\",\"billing:read\"]}"))
                .containsEntry("scopes", List.of("billing:read", "process"));
        assertThat(issueKey(delegate, customer, "{\"name\":\"peer\",\"scopes\":[\"keys:write\"]}"))
                .containsEntry("scopes", List.of("keys:write"));
        for (String scopes : List.of("[\"admin\"]", "[\"process\",\"users:write\"]", "[\"keys:read\"]",
                "[\"me:rotate\"]", "[\"audit:read\"]")) {
            Api.Response refused = api.post("/v1/users/" + customer + "/keys",
                    "{\"name\":\"escalated\",\"scopes\":" + scopes + "}", delegate).isProblem(403, "insufficient_scope");
            assertThat(refused.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
        }
        Api.Response toAdmin = api.post("/v1/users/" + adminUser + "/keys", "{\"name\":\"x\",\"scopes\":[\"admin\"]}",
                delegate).isProblem(403, "insufficient_scope");
        assertThat(toAdmin.header("WWW-Authenticate")).contains("scope=\"admin\"");
        assertThat(toAdmin.field("detail")).isEqualTo("granting these scopes needs a calling key that holds admin");

        List<?> keys = (List<?>) api.get("/v1/users/" + customer + "/keys", admin).field("items");
        assertThat(keys).hasSize(2);
        assertThat(auditEvents("key.issued", "userId=" + customer)).hasSize(2);
    }

    @Test
    void aDelegateCannotRaiseItsOwnKey() {
        String[] delegate = keyHeaders("keys:write", "process");
        String ownId = (String) ((Map<?, ?>) api.get("/v1/me", delegate).field("key")).get("id");

        api.send("PATCH", "/v1/keys/" + ownId, "{\"scopes\":[\"keys:write\",\"admin\"]}", delegate)
                .isProblem(403, "insufficient_scope");
        api.post("/v1/users", "{\"name\":\"Mallory\"}", delegate).isProblem(403, "insufficient_scope");
        assertThat(api.get("/v1/keys/" + ownId, admin).field("scopes")).isEqualTo(List.of("keys:write", "process"));
        assertThat(auditEvents("key.updated", "keyId=" + ownId)).isEmpty();

        // what it holds, it may still change: here it drops an application scope
        assertThat(api.send("PATCH", "/v1/keys/" + ownId, "{\"scopes\":[\"keys:write\"]}", delegate).status())
                .isEqualTo(200);
    }

    @Test
    void aDelegateCannotChangeRotateOrRevokeAKeyMorePrivilegedThanItself() {
        String[] delegate = keyHeaders("keys:write");

        api.send("PATCH", "/v1/keys/" + adminKeyId, "{\"name\":\"renamed\"}", delegate)
                .isProblem(403, "insufficient_scope");
        api.send("PATCH", "/v1/keys/" + adminKeyId, "{\"scopes\":[]}", delegate).isProblem(403, "insufficient_scope");
        api.post("/v1/keys/" + adminKeyId + "/rotate", "{\"gracePeriodSeconds\":0}", delegate)
                .isProblem(403, "insufficient_scope");
        api.post("/v1/keys/" + adminKeyId + "/revoke", "", delegate).isProblem(403, "insufficient_scope");

        Map<String, Object> adminKey = api.get("/v1/keys/" + adminKeyId, admin).json();
        assertThat(adminKey.get("revokedAt")).isNull();
        assertThat(adminKey.get("rotatedTo")).isNull();
        assertThat(adminKey.get("scopes")).isEqualTo(List.of("admin"));
        assertThat(api.get("/v1/me", admin).status()).isEqualTo(200);
        assertThat(auditEvents(null, "keyId=" + adminKeyId).stream().map(e -> e.get("type")))
                .doesNotContain("key.updated", "key.rotated", "key.revoked");
    }

    @Test
    void aUserManagerCannotLockOutOrDeleteAnAdmin() {
        String[] userManager = keyHeaders("users:write", "users:read");

        api.send("PATCH", "/v1/users/" + adminUser, "{\"status\":\"disabled\"}", userManager)
                .isProblem(403, "insufficient_scope");
        api.send("DELETE", "/v1/users/" + adminUser, null, userManager).isProblem(403, "insufficient_scope");
        assertThat(api.get("/v1/me", admin).status()).isEqualTo(200);
        assertThat(api.get("/v1/users/" + adminUser, admin).field("status")).isEqualTo("active");
        assertThat(auditEvents(null, "userId=" + adminUser).stream().map(e -> e.get("type")))
                .doesNotContain("user.updated", "user.deleted");

        // nor bring back an admin that an admin disabled
        String[] otherAdmin = keyHeaders("admin");
        String otherAdminUser = (String) ((Map<?, ?>) api.get("/v1/me", otherAdmin).field("user")).get("id");
        assertThat(api.send("PATCH", "/v1/users/" + otherAdminUser, "{\"status\":\"disabled\"}", admin).status())
                .isEqualTo(200);
        api.send("PATCH", "/v1/users/" + otherAdminUser, "{\"status\":\"active\"}", userManager)
                .isProblem(403, "insufficient_scope");
        api.get("/v1/me", otherAdmin).isProblem(401, "disabled_user");
    }

    @Test
    void aUserManagerManagesUsersWhoseKeysHoldNothingItLacks() {
        String[] userManager = keyHeaders("users:write");
        issueKey(admin, customer, "{\"name\":\"app\",\"scopes\":[\"process\",\"users:write\"]}");
        Map<String, Object> revokedAdmin = issueKey(admin, customer, "{\"name\":\"old\",\"scopes\":[\"admin\"]}");
        api.post("/v1/keys/" + revokedAdmin.get("id") + "/revoke", "", admin);

        assertThat(api.send("PATCH", "/v1/users/" + customer, "{\"status\":\"disabled\"}", userManager).status())
                .isEqualTo(200);
        assertThat(api.send("DELETE", "/v1/users/" + customer, null, userManager).status()).isEqualTo(204);
    }

    @Test
    void anAdminDoesAllOfIt() {
        String[] otherAdmin = keyHeaders("admin");
        String otherAdminKey = (String) ((Map<?, ?>) api.get("/v1/me", otherAdmin).field("key")).get("id");

        Map<String, Object> issued = issueKey(admin, customer, "{\"name\":\"boss\",\"scopes\":[\"admin\",\"me:rotate\"]}");
        assertThat(api.send("PATCH", "/v1/keys/" + issued.get("id"), "{\"scopes\":[\"users:read\"]}", admin).status())
                .isEqualTo(200);
        assertThat(api.post("/v1/keys/" + otherAdminKey + "/revoke", "", admin).status()).isEqualTo(200);
    }

    @Test
    void theConsoleAppliesTheSameRules() {
        String delegateKey = Api.keyWithScopes(registerUser, issueApiKey, "keys:write", "keys:read", "users:read",
                "users:write");
        ConsoleClient console = new ConsoleClient(server.getURI());
        console.signIn(delegateKey);
        console.get("/console/users/" + customer);

        ConsoleClient.Page issued = console.post("/console/users/" + customer + "/keys", "name", "boss",
                "scopes", "admin");
        assertThat(issued.status()).isEqualTo(303);
        assertThat(console.get(issued.header("Location")).html()).contains("No key was issued")
                .contains("needs a calling key that holds admin");

        console.get("/console/keys/" + adminKeyId);
        ConsoleClient.Page revoke = console.post("/console/keys/" + adminKeyId + "/revoke");
        assertThat(console.get(revoke.header("Location")).html()).contains("The key was not revoked");
        console.get("/console/keys/" + adminKeyId);
        ConsoleClient.Page rotate = console.post("/console/keys/" + adminKeyId + "/rotate", "graceSeconds", "0");
        assertThat(console.get(rotate.header("Location")).html()).contains("The key was not rotated");

        console.get("/console/users/" + adminUser);
        ConsoleClient.Page disable = console.post("/console/users/" + adminUser + "/status", "status", "disabled");
        assertThat(console.get(disable.header("Location")).html()).contains("Nothing changed");
        console.get("/console/users/" + adminUser);
        ConsoleClient.Page delete = console.post("/console/users/" + adminUser + "/delete");
        assertThat(console.get(delete.header("Location")).html()).contains("The user was not deleted");

        assertThat(api.get("/v1/me", admin).status()).isEqualTo(200);
        assertThat(api.get("/v1/keys/" + adminKeyId, admin).field("rotatedTo")).isNull();
        assertThat((List<?>) api.get("/v1/users/" + customer + "/keys", admin).field("items")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> auditEvents(String type, String filter) {
        String query = "/v1/audit-events?limit=100&" + filter + (type == null ? "" : "&type=" + type);
        return (List<Map<String, Object>>) api.get(query, admin).field("items");
    }
}
