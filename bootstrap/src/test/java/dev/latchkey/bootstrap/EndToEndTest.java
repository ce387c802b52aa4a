package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.accounting.QueuedAuditLog;
import dev.latchkey.adapter.out.cache.EvictingTransactions;
import dev.latchkey.application.service.UseCases;
import dev.latchkey.domain.apikey.ApiKeyToken;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole application on MySQL, as an operator and a client use it: bootstrap admin, a user, a key for it,
 * {@code /v1/me} with each header form, revocation. {@link EndToEndOnPostgreSqlTest} runs the same on PostgreSQL.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest extends ApplicationOnFreshDatabase {

    @Inject
    UseCases useCases;
    @Inject
    QueuedAuditLog auditLog;

    EndToEndTest() {
        super("e2e", "end-to-end-test-pepper-0123456789abcdef", Map.of());
    }

    /** The driver properties the application gives this server's driver (a store timeout of 1 s). */
    Map<String, String> expectedDriverProperties() {
        // 90% of the store timeout to connect and, stopped by the server, for a statement (MariaDB counts seconds),
        // twice that to read, in the milliseconds MySQL's drivers count, and statement caching
        return Map.of("socketTimeout", "1800", "connectTimeout", "900", "sessionVariables", "max_statement_time=0.9",
                "cachePrepStmts", "true", "useServerPrepStmts", "true");
    }

    @Test
    void anOperatorBootstrapsAndAClientUsesItsKeyUntilRevoked() {
        Api api = api();

        Api.Response me = api.get("/v1/me", admin);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(((Map<?, ?>) me.field("key")).get("scopes")).isEqualTo(List.of("admin"));

        Api.Response user = api.post("/v1/users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"externalId\":\"crm-42\"}",
                admin);
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        String userId = (String) user.field("id");

        Api.Response issued = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[\"process\"]}",
                admin);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String key = (String) issued.field("key");

        for (String[] presented : List.of(new String[] {"X-API-Key", key}, new String[] {"Authorization", "Bearer " + key},
                new String[] {"authorization", "bearer " + key})) {
            Api.Response mine = api.get("/v1/me", presented);
            assertThat(mine.status()).as(mine.body()).isEqualTo(200);
            assertThat(((Map<?, ?>) mine.field("user")).get("id")).isEqualTo(userId);
        }
        assertThat(api.post("/v1/process", "{\"status\":\"SUCCESS\"}", "X-API-Key", key).status()).isEqualTo(200);
        api.get("/v1/users", "X-API-Key", key).isProblem(403, "insufficient_scope");
        api.post("/v1/users", "{\"name\":\"Eve\",\"externalId\":\"crm-42\"}", admin).isProblem(409, "conflict");

        assertThat(api.post("/v1/keys/" + issued.field("id") + "/revoke", null, admin).status()).isEqualTo(200);

        api.get("/v1/me", "X-API-Key", key).isProblem(401, "revoked_key");
        api.get("/v1/me", "Authorization", "Bearer " + key).isProblem(401, "revoked_key");
    }

    /**
     * A honeytoken through the application as it is wired (the verification's events, the alert, this database):
     * refused as a wrong secret, counted, and announced once for its address and minute.
     */
    @Test
    void aHoneytokenIsRefusedCountedAndAlertedOnce() throws InterruptedException {
        Api api = api();
        String userId = (String) api.post("/v1/users", "{\"name\":\"Decoy\"}", admin).field("id");
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys",
                "{\"name\":\"in-ci\",\"scopes\":[\"admin\"],\"honeytoken\":true}", admin).json();
        String key = (String) issued.get("key");

        api.get("/v1/me", "X-API-Key", key, "User-Agent", "e2e-probe/1").isProblem(401, "invalid_key");
        api.get("/v1/auth", "X-API-Key", key, "User-Agent", "e2e-probe/1").isProblem(401, "invalid_key");

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Integer.valueOf(2).equals(api.get("/v1/keys/" + issued.get("id"), admin).field("honeytokenPresentations"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50); // written behind, every latchkey.audit.flush-interval
        }
        assertThat(api.get("/v1/keys/" + issued.get("id"), admin).field("honeytokenPresentations")).isEqualTo(2);
        List<?> alerts = (List<?>) api.get("/v1/audit-events?type=key.honeytoken_used&keyId=" + issued.get("id"),
                admin).field("items");
        assertThat(alerts).as("two presentations in one minute from one address, unless a minute ended between")
                .hasSizeBetween(1, 2).allSatisfy(alert -> assertThat((String) ((Map<?, ?>) alert).get("detail"))
                        .contains("e2e-probe/1").doesNotContain(key));
    }

    @Test
    void keysRotateAndOwnersAreDisabled() {
        Api api = api();
        String userId = (String) api.post("/v1/users", "{\"name\":\"Rota\"}", admin).field("id");
        Map<String, Object> old = api.post("/v1/users/" + userId + "/keys",
                "{\"name\":\"ci\",\"scopes\":[\"process\"],\"meta\":{\"team\":\"a\"}}", admin).json();

        Api.Response rotated = api.post("/v1/keys/" + old.get("id") + "/rotate", "{\"gracePeriodSeconds\":600}", admin);

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        assertThat(rotated.field("meta")).isEqualTo(Map.of("team", "a"));
        assertThat(api.get("/v1/me", "X-API-Key", (String) old.get("key")).status()).isEqualTo(200);
        assertThat(api.get("/v1/me", "X-API-Key", (String) rotated.field("key")).status()).isEqualTo(200);
        api.post("/v1/keys/" + old.get("id") + "/rotate", "{\"gracePeriodSeconds\":0}", admin).isProblem(409, "conflict");

        assertThat(api.send("PATCH", "/v1/users/" + userId, "{\"status\":\"disabled\"}", admin).status()).isEqualTo(200);
        api.get("/v1/me", "X-API-Key", (String) rotated.field("key")).isProblem(401, "disabled_user");
        assertThat(api.send("DELETE", "/v1/users/" + userId, null, admin).status()).isEqualTo(204);
        api.get("/v1/users/" + userId, admin).isProblem(404, "not_found");
    }

    @Test
    void prometheusShowsRequestsAndVerificationsByOutcomeButNoKeys() {
        Api api = api();
        api.get("/v1/me", "X-API-Key", adminKey);
        api.get("/v1/me", "X-API-Key", "lk_garbage");

        Api.Response metrics = api.get("/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("latchkey_verifications_total\\{[^}]*outcome=\"VALID\"[^}]*} [1-9]")
                .containsPattern("latchkey_verifications_total\\{[^}]*outcome=\"MALFORMED\"[^}]*} [1-9]")
                .contains("latchkey_verification_seconds_bucket")
                .contains("http_server_requests_seconds_count")
                .contains("uri=\"/v1/me\"")
                .containsPattern("latchkey_cache_requests_total\\{[^}]*result=\"(hit|miss)\"[^}]*} [1-9]")
                .contains("latchkey_cache_evictions_total").contains("latchkey_cache_size")
                .contains("latchkey_cache_feed_lag_seconds").contains("latchkey_last_use_flush_keys")
                .contains("latchkey_last_use_flush_seconds")
                .doesNotContain(adminKey).doesNotContain("lk_garbage");
    }

    /**
     * An explained verdict through the real wiring: the trace, the key.explained row in this store (queued, then
     * flushed), and the verification counted in the metrics like any other.
     */
    @Test
    @SuppressWarnings("unchecked")
    void anExplainedVerdictIsTracedAuditedInTheStoreAndCounted() {
        Api api = api();
        String userId = (String) api.post("/v1/users", "{\"name\":\"Why\"}", admin).field("id");
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[]}",
                admin).json();

        Api.Response explained = api.post("/v1/keys/verify", "{\"key\":\"" + issued.get("key")
                + "\",\"scopes\":[\"billing\"],\"explain\":true}", admin);
        auditLog.flush();

        assertThat(explained.status()).as(explained.body()).isEqualTo(200);
        List<Map<String, Object>> trace = (List<Map<String, Object>>) explained.field("trace");
        assertThat(trace).filteredOn(step -> "failed".equals(step.get("outcome"))).singleElement()
                .satisfies(step -> assertThat(step).containsEntry("step", "scopes")
                        .containsEntry("missingScopes", List.of("billing")));
        List<Map<String, Object>> audited = (List<Map<String, Object>>) api.get("/v1/audit-events?type=key.explained"
                + "&keyId=" + issued.get("id"), admin).field("items");
        assertThat(audited).singleElement().satisfies(event -> assertThat(event)
                .containsEntry("code", "INSUFFICIENT_SCOPE").containsEntry("actorKeyId", ApiKeyToken.parse(adminKey).orElseThrow().keyId().value()));
        assertThat(api.get("/prometheus").body())
                .containsPattern("latchkey_verifications_total\\{[^}]*outcome=\"INSUFFICIENT_SCOPE\"[^}]*} [1-9]")
                .doesNotContain((String) issued.get("key"));
    }

    /**
     * The use cases' changes reach this node's cache only once they have committed (adapters-persistence's
     * EvictionAfterCommitCases shows what evicting inside the transaction lets through).
     */
    @Test
    void changesAreEvictedFromTheCacheOnceTheyHaveCommitted() {
        assertThat(useCases.changeAudit().transactions()).isInstanceOf(EvictingTransactions.class);
    }

    @Test
    void theSwaggerUiAndItsDocumentAreServedWithoutAKey() {
        Api api = api();

        assertThat(api.get("/docs").header("Location")).isEqualTo("/swagger-ui/index.html");
        assertThat(api.get("/swagger-ui/index.html").body()).contains("/swagger/latchkey.yml");
        assertThat(api.get("/swagger-ui/res/swagger-ui-bundle.js").status()).isEqualTo(200);
        assertThat(api.get("/swagger/latchkey.yml").body()).startsWith("openapi: 3");
        assertThat(api.get("/openapi.yml").status()).isEqualTo(200);
    }

    @Test
    void aKeyLongerThanNettysDefaultHeaderLimitIsAMalformedKeyNotA413() {
        Api.Response refused = api().get("/v1/auth", "X-API-Key", "A".repeat(9_000))
                .isProblem(401, "malformed_key");

        assertThat(refused.header("X-Request-Id")).isNotBlank();
        assertThat(refused.body()).doesNotContain("AAAAAAAAAA");
    }

    @Test
    void theDriverGetsItsTimeoutAndStatementDefaults() {
        java.util.Properties properties = server.getApplicationContext()
                .getBean(io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration.class).getDataSourceProperties();

        assertThat(properties).containsAllEntriesOf(expectedDriverProperties());
    }

    @Test
    void migrationsAreTheVendorsAndRunWithoutTheStoreTimeout() {
        assertThat(server.getApplicationContext().findBean(io.micronaut.flyway.FlywayConfigurationCustomizer.class,
                io.micronaut.inject.qualifiers.Qualifiers.byName("default")))
                .hasValueSatisfying(customizer -> assertThat(customizer.getClass().getSimpleName())
                        .isEqualTo("VendorMigrations"));
    }

    @Test
    void healthReportsTheDatabaseWithoutAKey() {
        Api.Response health = api().get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.field("status")).isEqualTo("UP");
    }
}
