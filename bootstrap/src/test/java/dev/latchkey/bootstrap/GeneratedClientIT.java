package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.ApiClient;
import dev.latchkey.client.ApiException;
import dev.latchkey.client.api.CallerApi;
import dev.latchkey.client.api.KeysApi;
import dev.latchkey.client.api.SampleApi;
import dev.latchkey.client.api.UsersApi;
import dev.latchkey.client.api.VerificationApi;
import dev.latchkey.client.model.IssuedKey;
import dev.latchkey.client.model.KeyRateLimit;
import dev.latchkey.client.model.NewKey;
import dev.latchkey.client.model.NewUser;
import dev.latchkey.client.model.ProcessRequest;
import dev.latchkey.client.model.User;
import dev.latchkey.client.model.Verdict;
import dev.latchkey.client.model.VerificationRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java client generated from the served OpenAPI document (openapi-generator, at build time) compiles and does the
 * README's quick start against the packaged jar, with a key's rate limit and metadata: the document describes what
 * the service does.
 */
class GeneratedClientIT {

    private static ApiClient clientWith(RunningJar jar, String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + jar.port());
        client.setRequestInterceptor(request -> request.header("X-API-Key", key));
        return client;
    }

    @Test
    void aGeneratedClientDoesTheQuickStart(@TempDir Path workDir) throws Exception {
        String adminKey = Application.newKey(dev.latchkey.domain.apikey.KeyPrefix.DEFAULT);
        try (RunningJar jar = RunningJar.start(workDir, Map.of("LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey))) {
            ApiClient admin = clientWith(jar, adminKey);

            User ada = new UsersApi(admin).createUser(new NewUser().name("Ada").email("ada@example.com")
                    .externalId("crm-42"));
            IssuedKey issued = new KeysApi(admin).issueKey(ada.getId(), new NewKey().name("ci")
                    .scopes(Set.of("process")).rateLimit(new KeyRateLimit().limit(100).periodSeconds(60))
                    .meta(Map.of("plan", "pro")));
            assertThat(issued.getMeta()).containsEntry("plan", "pro");
            assertThat(issued.getRateLimit().getPeriodSeconds()).isEqualTo(60);
            ApiClient client = clientWith(jar, issued.getKey());

            assertThat(new SampleApi(client).process(new ProcessRequest().status("SUCCESS")).getId()).isNotNull();
            assertThat(new CallerApi(client).getCaller().getUser().getExternalId()).isEqualTo("crm-42");
            IssuedKey verifier = new KeysApi(admin).issueKey(ada.getId(), new NewKey().name("gateway")
                    .scopes(Set.of("keys:verify")));
            Verdict verdict = new VerificationApi(clientWith(jar, verifier.getKey()))
                    .verifyKey(new VerificationRequest().key(issued.getKey()).scopes(java.util.List.of("process")));
            assertThat(verdict.getValid()).isTrue();
            assertThat(verdict.getMeta()).containsEntry("plan", "pro");
            assertThat(verdict.getRateLimit().getLimit()).isEqualTo(100L);

            assertThat(new KeysApi(admin).revokeKey(issued.getId()).getRevokedAt()).isNotNull();
            assertThatThrownBy(() -> new SampleApi(client).process(new ProcessRequest().status("SUCCESS")))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(401);
                        assertThat(e.getResponseBody()).contains("\"code\":\"revoked_key\"");
                    });
        }
    }
}
