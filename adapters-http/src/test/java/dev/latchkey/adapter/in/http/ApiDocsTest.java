package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document generated from the controllers, served without a key. */
@MicronautTest
class ApiDocsTest extends HttpApiTest {

    @Test
    void servesTheDocumentAsYamlWithoutAKey() {
        Api.Response yaml = api.get("/openapi.yml");

        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
        assertThat(yaml.body()).startsWith("openapi: 3").contains("/v1/keys/verify").contains("/v1/auth")
                .contains("application/problem+json").contains("X-API-Key").contains("scheme: bearer")
                .doesNotContain("/openapi.yml").doesNotContain("/docs:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesTheSameDocumentAsJsonWithEveryOperationAndBothSecuritySchemes() {
        Map<String, Object> document = api.get("/openapi.json").json();

        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        assertThat(paths).containsKeys("/v1/users", "/v1/users/{userId}", "/v1/users/{userId}/keys",
                "/v1/keys/{keyId}", "/v1/keys/{keyId}/revoke", "/v1/keys/{keyId}/rotate", "/v1/me",
                "/v1/me/rotate", "/v1/keys/verify", "/v1/auth", "/v1/process", "/livez");
        Map<String, Object> components = (Map<String, Object>) document.get("components");
        assertThat((Map<String, Object>) components.get("securitySchemes")).containsKeys("apiKey", "bearer");
        assertThat((Map<String, Object>) components.get("schemas")).containsKey("Problem");
        Map<String, Object> rotate = (Map<String, Object>) ((Map<String, Object>) paths.get("/v1/keys/{keyId}/rotate"))
                .get("post");
        assertThat((Map<String, Object>) rotate.get("responses")).containsKeys("201", "401", "403", "409", "503");
    }

    @Test
    void docsLeadToTheSwaggerUi() {
        Api.Response docs = api.get("/docs");

        assertThat(docs.status()).isEqualTo(303);
        assertThat(docs.header("Location")).isEqualTo("/swagger-ui/index.html");
    }
}
