package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/audit-events/chain}: the chain of the changes made through the API, recomputed. */
@MicronautTest
class AuditChainApiTest extends HttpApiTest {

    @Inject
    TestWiring.MovableClock clock;
    @Inject
    SummarisedVerificationEvents verificationEvents;

    private String[] admin;

    @BeforeEach
    void setUp() {
        admin = new String[] {"X-API-Key", Api.keyWithScopes(registerUser, issueApiKey, "admin")};
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsAnIntactChainOfTheChangesMadeAndPagesThroughIt() {
        newUser(admin, "Ada");
        newUser(admin, "Grace");

        Api.Response whole = api.get("/v1/audit-events/chain", admin);
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(whole.field("intact")).isEqualTo(true);
        assertThat(whole.field("broken")).isNull();
        assertThat(whole.field("continueFrom")).isNull();
        long head = ((Number) whole.field("headSequence")).longValue();
        assertThat(head).isGreaterThanOrEqualTo(2);
        assertThat(((Number) whole.field("checked")).longValue()).isEqualTo(head);
        assertThat((String) whole.field("headHash")).matches("[0-9a-f]{64}");

        Api.Response first = api.get("/v1/audit-events/chain?limit=1", admin);
        assertThat(((Number) first.field("checked")).longValue()).isEqualTo(1);
        assertThat(((Number) first.field("continueFrom")).longValue()).isEqualTo(2);
        Api.Response rest = api.get("/v1/audit-events/chain?since=2", admin);
        assertThat(rest.field("intact")).isEqualTo(true);
        assertThat(((Number) rest.field("firstChecked")).longValue()).isEqualTo(2);

        String hash = (String) whole.field("headHash");
        Api.Response held = api.get("/v1/audit-events/chain?checkpointSequence=" + head + "&checkpointHash=" + hash,
                admin);
        assertThat(held.field("intact")).isEqualTo(true);
        assertThat((String) held.field("checkpoint")).startsWith("matches");
        String other = (hash.charAt(0) == 'a' ? "b" : "a") + hash.substring(1);
        Api.Response rewritten = api.get("/v1/audit-events/chain?checkpointSequence=" + head + "&checkpointHash="
                + other, admin);
        assertThat(rewritten.field("intact")).isEqualTo(false);
        assertThat(rewritten.field("broken")).isEqualTo("edited");
        assertThat(((Number) rewritten.field("brokenSequence")).longValue()).isEqualTo(head);
        Api.Response tailGone = api.get("/v1/audit-events/chain?checkpointSequence=" + (head + 1000)
                + "&checkpointHash=" + hash, admin);
        assertThat(tailGone.field("broken")).isEqualTo("deleted");

        Map<String, Object> byTime = api.get("/v1/audit-events/chain?since=2000-01-01T00:00:00Z", admin).json();
        assertThat(byTime).containsEntry("intact", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsTheVerificationSummariesChainOnceTheirMinuteIsSealed() {
        api.get("/v1/audit-events/chain", admin); // a verification of the admin's key, summarised
        Map<String, Object> before = (Map<String, Object>) api.get("/v1/audit-events/chain", admin).field("summaries");
        long head = ((Number) before.get("headSequence")).longValue();

        clock.advance(Duration.ofMinutes(2)); // the minute ended more than the sealing delay ago
        verificationEvents.flush();
        verificationEvents.sealChain();

        Api.Response report = api.get("/v1/audit-events/chain", admin);
        assertThat(report.field("intact")).isEqualTo(true);
        Map<String, Object> summaries = (Map<String, Object>) report.field("summaries");
        assertThat(summaries).containsEntry("intact", true).containsEntry("broken", null);
        assertThat(((Number) summaries.get("headSequence")).longValue()).isGreaterThan(head);
        assertThat(((Number) summaries.get("minutesChecked")).longValue()).isPositive();
        assertThat((String) summaries.get("headHash")).matches("[0-9a-f]{64}");
        Api.Response capped = api.get("/v1/audit-events/chain?summariesFrom=1&limit=1", admin);
        assertThat(((Number) ((Map<String, Object>) capped.field("summaries")).get("checked")).longValue())
                .isEqualTo(1);
        api.malformed().get("/v1/audit-events/chain?summariesFrom=0", admin).isProblem(400, "validation_failed");
    }

    @Test
    void refusesABadSinceOrLimitAndCallersWithoutAuditRead() {
        api.get("/v1/audit-events/chain?since=yesterday", admin).isProblem(400, "validation_failed");
        api.get("/v1/audit-events/chain?since=0", admin).isProblem(400, "validation_failed");
        api.malformed().get("/v1/audit-events/chain?limit=0", admin).isProblem(400, "validation_failed");
        api.malformed().get("/v1/audit-events/chain?limit=100001", admin).isProblem(400, "validation_failed");
        api.get("/v1/audit-events/chain?checkpointSequence=3", admin).isProblem(400, "validation_failed");
        api.malformed().get("/v1/audit-events/chain?checkpointSequence=3&checkpointHash=xyz", admin)
                .isProblem(400, "validation_failed");
        String reader = Api.keyWithScopes(registerUser, issueApiKey, "keys:read");
        api.get("/v1/audit-events/chain", "X-API-Key", reader).isProblem(403, "insufficient_scope");
        String auditor = Api.keyWithScopes(registerUser, issueApiKey, "audit:read");
        assertThat(api.get("/v1/audit-events/chain", "X-API-Key", auditor).status()).isEqualTo(200);
    }
}
