package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/audit-events/chain}: the chain of the changes made through the API, recomputed. */
@MicronautTest
class AuditChainApiTest extends HttpApiTest {

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
