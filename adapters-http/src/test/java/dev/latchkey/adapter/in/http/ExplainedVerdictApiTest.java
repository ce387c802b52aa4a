package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.verification.VerificationStep;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/keys/verify} with {@code "explain": true}: the verdict's trace, for a caller with audit:read. */
@MicronautTest
class ExplainedVerdictApiTest extends HttpApiTest {

    private static final List<String> STEPS = Arrays.stream(VerificationStep.values())
            .map(VerificationStep::wireName).toList();

    private String[] auditor;
    private String auditorKeyId;
    private String limited;
    private String secret;

    @BeforeEach
    void setUp() {
        String auditorKey = Api.keyWithScopes(registerUser, issueApiKey, "keys:verify", "audit:read");
        auditor = new String[] {"X-API-Key", auditorKey};
        auditorKeyId = ApiKeyToken.parse(auditorKey).orElseThrow().keyId().value();
        User owner = registerUser.register(new dev.latchkey.application.port.in.users.RegisterUser.Command("Ada",
                null, null));
        limited = issueApiKey.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "limited",
                Scopes.parse(List.of("process")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new RateLimit(10, 60)), Optional.of(5L),
                Optional.of(AllowedCidrs.parse(List.of("203.0.113.0/24"))))).plaintext();
        secret = ApiKeyToken.parse(limited).orElseThrow().secret();
    }

    private Api.Response explain(String[] caller, String scopes, String clientIp) {
        return api.post("/v1/keys/verify", "{\"key\":\"" + limited + "\",\"scopes\":" + scopes + ",\"clientIp\":\""
                + clientIp + "\",\"explain\":true}", caller);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> trace(Api.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return (List<Map<String, Object>>) answer.field("trace");
    }

    private static Map<String, Object> step(List<Map<String, Object>> trace, String name) {
        return trace.stream().filter(step -> name.equals(step.get("step"))).findFirst().orElseThrow();
    }

    @Test
    void withoutAuditReadAnExplanationIsRefusedAndNothingIsVerified() {
        String[] verifier = keyHeaders("keys:verify");

        explain(verifier, "[\"process\"]", "203.0.113.7").isProblem(403, "insufficient_scope");

        Api.Response plain = api.post("/v1/keys/verify", "{\"key\":\"" + limited + "\",\"clientIp\":\"203.0.113.7\"}",
                verifier);
        assertThat(plain.field("remaining")).as("the refused explanation took no use").isEqualTo(4);
    }

    @Test
    void aValidVerdictPassesEveryStepInOrderWithTheLimitsLeft() {
        Api.Response answer = explain(auditor, "[\"process\"]", "203.0.113.7");
        List<Map<String, Object>> trace = trace(answer);

        assertThat(answer.json()).containsEntry("valid", true).containsEntry("code", "VALID");
        assertThat(trace).extracting(step -> step.get("step")).containsExactlyElementsOf(STEPS);
        assertThat(trace).extracting(step -> step.get("outcome")).containsOnly("passed");
        assertThat(step(trace, "address_allowed")).containsEntry("address", "203.0.113.7");
        assertThat(step(trace, "rate_limit")).containsEntry("remaining", 9);
        assertThat(((Number) step(trace, "rate_limit").get("resetSeconds")).longValue()).isBetween(1L, 60L);
        assertThat(step(trace, "quota")).containsEntry("remaining", 4);
        assertThat(answer.field("remaining")).as("a real verification: it took a use").isEqualTo(4);
        assertThat(answer.body()).doesNotContain(secret);
    }

    @Test
    void aRefusalFailsAtItsStepNamesWhatWasMissingAndReachesNothingAfter() {
        List<Map<String, Object>> scopes = trace(explain(auditor, "[\"process\",\"billing\",\"reports:read\"]",
                "203.0.113.7"));
        assertThat(scopes).extracting(step -> step.get("step")).containsExactlyElementsOf(STEPS);
        assertThat(step(scopes, "scopes")).containsEntry("outcome", "failed")
                .containsEntry("missingScopes", List.of("billing", "reports:read"));
        assertThat(step(scopes, "rate_limit")).containsEntry("outcome", "not_reached").doesNotContainKey("remaining");
        assertThat(step(scopes, "quota")).containsEntry("outcome", "not_reached");

        Api.Response elsewhere = explain(auditor, "[\"process\"]", "198.51.100.9");
        assertThat(elsewhere.field("code")).isEqualTo("IP_NOT_ALLOWED");
        assertThat(step(trace(elsewhere), "address_allowed")).containsEntry("outcome", "failed")
                .containsEntry("address", "198.51.100.9");
        assertThat(step(trace(elsewhere), "scopes")).containsEntry("outcome", "not_reached");

        String wrongSecret = limited.substring(0, limited.length() - 1)
                + (limited.endsWith("x") ? "y" : "x"); // the checksum no longer matches
        Api.Response garbled = api.post("/v1/keys/verify", "{\"key\":\"" + wrongSecret + "\",\"explain\":true}", auditor);
        assertThat(garbled.field("code")).isEqualTo("MALFORMED");
        assertThat(step(trace(garbled), "format")).containsEntry("outcome", "passed");
        assertThat(step(trace(garbled), "checksum")).containsEntry("outcome", "failed");
        assertThat(step(trace(garbled), "key_found")).containsEntry("outcome", "not_reached");
    }

    @Test
    void explainFalseOrAbsentAnswersExactlyAsToday() {
        String plainKey = Api.keyWithScopes(registerUser, issueApiKey, "process");
        Api.Response absent = api.post("/v1/keys/verify", "{\"key\":\"" + plainKey + "\"}", auditor);
        Api.Response off = api.post("/v1/keys/verify", "{\"key\":\"" + plainKey + "\",\"explain\":false}", auditor);

        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json()).isEqualTo(absent.json()).doesNotContainKey("trace");
        assertThat(off.body()).isEqualTo(absent.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExplanationIsAuditedWithTheCallerAsActorAndNoKeyMaterial() {
        String keyId = ApiKeyToken.parse(limited).orElseThrow().keyId().value();
        explain(auditor, "[\"billing\"]", "203.0.113.7");

        Api.eventually(() -> {
            Api.Response events = api.get("/v1/audit-events?type=key.explained&keyId=" + keyId, auditor);
            assertThat(events.status()).as(events.body()).isEqualTo(200);
            assertThat((List<Map<String, Object>>) events.field("items")).singleElement().satisfies(event ->
                    assertThat(event).containsEntry("actorKeyId", auditorKeyId).containsEntry("keyId", keyId)
                            .containsEntry("code", "INSUFFICIENT_SCOPE").containsEntry("outcome", "failure"));
        });
        assertThat(api.get("/v1/audit-events?limit=100", auditor).body()).doesNotContain(secret);
    }

    @Test
    void theConsoleVerifyBoxShowsTheTraceToAKeyWithAuditRead() {
        String unfenced = Api.keyWithScopes(registerUser, issueApiKey, "process");
        ConsoleClient withAudit = new ConsoleClient(server.getURI());
        withAudit.signIn(auditor[1]);
        withAudit.get("/console/verify");
        ConsoleClient.Page explained = withAudit.post("/console/verify", "key", unfenced, "scopes", "process billing");
        assertThat(explained.status()).isEqualTo(200);
        assertThat(explained.html()).contains("How the verdict was reached").contains("secret matches")
                .contains("data-outcome=\"failed\"").contains("lacks billing").contains("not reached")
                .doesNotContain(ApiKeyToken.parse(unfenced).orElseThrow().secret());

        ConsoleClient verifier = new ConsoleClient(server.getURI());
        verifier.signIn(keyHeaders("keys:verify")[1]);
        verifier.get("/console/verify");
        ConsoleClient.Page plain = verifier.post("/console/verify", "key", unfenced, "scopes", "process billing");
        assertThat(plain.html()).contains("INSUFFICIENT_SCOPE").doesNotContain("How the verdict was reached");
    }
}
