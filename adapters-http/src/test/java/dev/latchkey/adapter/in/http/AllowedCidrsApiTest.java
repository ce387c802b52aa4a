package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-key allowed addresses: set on issue and PATCH, shown canonically, and enforced on the key's own endpoints,
 * {@code /v1/auth} and {@code /v1/keys/verify}, against the client address the failure throttle uses. The test client
 * is 127.0.0.1, a trusted proxy here, so {@code X-Forwarded-For} places the client; 10.0.0.0/8 is a proxy too.
 */
@MicronautTest
@Property(name = "latchkey.http.trusted-proxies", value = "127.0.0.1/32,10.0.0.0/8")
class AllowedCidrsApiTest extends AdminAndUserApiTest {

    private static final String XFF = ClientAddresses.FORWARDED_FOR;
    AllowedCidrsApiTest() {
        super("keys:verify");
    }

    private Map<String, Object> issue(String allowedCidrs) {
        return issueKey(admin, userId, "{\"name\":\"office\",\"scopes\":[\"process\"],\"allowedCidrs\":"
                + allowedCidrs + "}");
    }

    @Test
    void aKeyWorksOnlyFromItsAddressesOnEveryPathThatVerifiesIt() {
        Map<String, Object> issued = issue("[\"203.0.113.0/24\", \"2001:DB8:0:0::/32\", \"192.0.2.1\"]");
        assertThat(issued.get("allowedCidrs")).isEqualTo(List.of("203.0.113.0/24", "2001:db8::/32", "192.0.2.1/32"));
        String key = (String) issued.get("key");

        assertThat(api.get("/v1/me", "X-API-Key", key, XFF, "203.0.113.50").status()).isEqualTo(200);
        assertThat(api.get("/v1/me", "X-API-Key", key, XFF, "2001:db8:ffff::1").status()).isEqualTo(200);
        assertThat(api.get("/v1/auth", "X-API-Key", key, XFF, "192.0.2.1, 10.9.8.7").status())
                .as("the right-most untrusted hop").isEqualTo(200);
        Api.Response refused = api.get("/v1/me", "X-API-Key", key, XFF, "198.51.100.7")
                .isProblem(403, "ip_not_allowed");
        assertThat(refused.body()).doesNotContain("203.0.113").doesNotContain(key);
        api.get("/v1/auth", "X-API-Key", key, XFF, "192.0.2.2").isProblem(403, "ip_not_allowed");
        api.get("/v1/me", "X-API-Key", key).isProblem(403, "ip_not_allowed"); // the proxy itself
        // an allowed address written left of the real client (by the client itself) changes nothing
        api.get("/v1/me", "X-API-Key", key, XFF, "203.0.113.50, 198.51.100.7").isProblem(403, "ip_not_allowed");
    }

    @Test
    void namesInForwardedHeadersAreNotAddressesAndAreNeverLookedUp() throws Exception {
        // src/test/resources/hosts (this module's only name source) resolves them into the allowed block: a lookup
        // would let the key through (it did: InetAddress.getByName read "cafe" as a name and resolved it).
        assertThat(InetAddress.getByName("cafe").getHostAddress()).isEqualTo("203.0.113.77");
        String key = (String) issue("[\"203.0.113.0/24\"]").get("key");
        assertThat(api.get("/v1/me", "X-API-Key", key, XFF, "203.0.113.77").status()).isEqualTo(200);

        for (String name : List.of("cafe", "dead.beef", " cafe ", "localhost")) {
            api.get("/v1/me", "X-API-Key", key, XFF, name).isProblem(403, "ip_not_allowed");
            api.get("/v1/me", "X-API-Key", key, XFF, "203.0.113.5, " + name).isProblem(403, "ip_not_allowed");
            api.get("/v1/auth", "X-API-Key", key, ClientAddresses.REAL_IP, name).isProblem(403, "ip_not_allowed");
            api.post("/v1/keys/verify", "{\"key\":\"" + key + "\",\"clientIp\":\"" + name + "\"}", admin)
                    .isProblem(400, "validation_failed");
        }
    }

    @Test
    void theVerifyEndpointChecksTheAddressItIsToldOrElseItsCallersOwn() {
        Map<String, Object> issued = issue("[\"203.0.113.0/24\"]");
        String key = (String) issued.get("key");

        Map<String, Object> fromCaller = api.post("/v1/keys/verify", "{\"key\":\"" + key + "\"}", admin).json();
        Map<String, Object> allowed = api.post("/v1/keys/verify",
                "{\"key\":\"" + key + "\",\"clientIp\":\"203.0.113.9\"}", admin).json();
        Map<String, Object> elsewhere = api.post("/v1/keys/verify",
                "{\"key\":\"" + key + "\",\"clientIp\":\"2001:db8::1\"}", admin).json();

        assertThat(fromCaller).containsEntry("valid", false).containsEntry("code", "IP_NOT_ALLOWED")
                .doesNotContainKeys("userId", "scopes", "meta");
        assertThat(allowed).containsEntry("valid", true).containsEntry("code", "VALID");
        assertThat(elsewhere).containsEntry("valid", false).containsEntry("code", "IP_NOT_ALLOWED");
        api.post("/v1/keys/verify", "{\"key\":\"" + key + "\",\"clientIp\":\"example.com\"}", admin)
                .isProblem(400, "validation_failed");
        api.post("/v1/keys/verify", "{\"key\":\"" + key + "\",\"clientIp\":\"203.0.113.9/24\"}", admin)
                .isProblem(400, "validation_failed");
        String rejections = "/v1/audit-events?type=key.rejected&limit=100&keyId=" + issued.get("id");
        Api.eventually(() -> assertThat((List<?>) api.get(rejections, admin).field("items")).anySatisfy(summary ->
                assertThat(summary).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                        .containsEntry("code", "IP_NOT_ALLOWED").containsEntry("clientIp", "2001:db8::1")));
    }

    @Test
    void patchChangesAndLiftsTheAddressesAndTheNextRequestSeesIt() {
        Map<String, Object> issued = issue("[\"203.0.113.0/24\"]");
        String key = (String) issued.get("key");
        String keyPath = "/v1/keys/" + issued.get("id");
        api.get("/v1/me", "X-API-Key", key, XFF, "198.51.100.7").isProblem(403, "ip_not_allowed");

        Api.Response moved = api.send("PATCH", keyPath, "{\"allowedCidrs\":[\"198.51.100.0/24\"]}", admin);
        assertThat(moved.field("allowedCidrs")).isEqualTo(List.of("198.51.100.0/24"));
        assertThat(api.get("/v1/me", "X-API-Key", key, XFF, "198.51.100.7").status()).isEqualTo(200);
        api.get("/v1/me", "X-API-Key", key, XFF, "203.0.113.1").isProblem(403, "ip_not_allowed");

        Api.Response renamed = api.send("PATCH", keyPath, "{\"name\":\"renamed\"}", admin);
        assertThat(renamed.field("allowedCidrs")).as("a PATCH without the field keeps it")
                .isEqualTo(List.of("198.51.100.0/24"));

        Api.Response lifted = api.send("PATCH", keyPath, "{\"allowedCidrs\":null}", admin);
        assertThat(lifted.json()).containsEntry("allowedCidrs", null);
        assertThat(api.get("/v1/me", "X-API-Key", key, XFF, "203.0.113.1").status()).isEqualTo(200);
    }

    @Test
    void badAddressesAreAClearFourHundredAndChangeNothing() {
        Map<String, Object> issued = issue("[\"203.0.113.0/24\"]");
        String keyPath = "/v1/keys/" + issued.get("id");
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 33; i++) {
            tooMany.append(i == 0 ? "" : ",").append("\"10.0.").append(i).append(".0/24\"");
        }
        tooMany.append(']');

        for (String bad : List.of("[]", tooMany.toString(), "[\"10.0.0.1/8\"]", "[\"localhost\"]", "[\"10.0.0.0/33\"]",
                "[\"010.0.0.1\"]", "[\"fe80::1%eth0\"]", "[1]", "\"10.0.0.0/8\"", "[null]")) {
            Api.Response onIssue = api.malformed().post("/v1/users/" + userId + "/keys",
                    "{\"name\":\"x\",\"scopes\":[],\"allowedCidrs\":" + bad + "}", admin);
            assertThat(onIssue.status()).as(bad + ": " + onIssue.body()).isEqualTo(400);
            assertThat(onIssue.body()).as(bad).contains("allowedCidrs");
            Api.Response onPatch = api.malformed().send("PATCH", keyPath, "{\"allowedCidrs\":" + bad + "}", admin);
            assertThat(onPatch.status()).as(bad + ": " + onPatch.body()).isEqualTo(400);
        }
        Api.Response hostBits = api.send("PATCH", keyPath, "{\"allowedCidrs\":[\"10.0.0.1/8\"]}", admin);
        assertThat(hostBits.body()).contains("10.0.0.0/8");
        assertThat(api.get(keyPath, admin).field("allowedCidrs")).isEqualTo(List.of("203.0.113.0/24"));
    }
}
