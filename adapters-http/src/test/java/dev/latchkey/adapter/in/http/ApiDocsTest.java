package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.problem.ProblemCode;
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
    @SuppressWarnings("unchecked")
    void theDocumentsLicenseIsTheRepositorysLicense() throws java.io.IOException {
        Map<String, Object> info = (Map<String, Object>) api.get("/openapi.json").json().get("info");
        String licenseFile = java.nio.file.Files.readString(java.nio.file.Path.of("..", "LICENSE"));

        assertThat((Map<String, Object>) info.get("license")).containsEntry("name", "Apache-2.0")
                .containsEntry("url", "https://www.apache.org/licenses/LICENSE-2.0");
        assertThat(licenseFile).contains("Apache License").contains("Version 2.0, January 2004");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasAUniqueIdASummaryATagAndTheSecurityItNeeds() {
        Map<String, Object> paths = (Map<String, Object>) api.get("/openapi.json").json().get("paths");
        java.util.Set<String> ids = new java.util.HashSet<>();
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, value) -> {
            Map<String, Object> operation = (Map<String, Object>) value;
            String name = method + " " + path;
            assertThat(ids.add((String) operation.get("operationId"))).as("unique operationId of %s", name).isTrue();
            assertThat((String) operation.get("operationId")).as(name).matches("[a-z][A-Za-z]+");
            assertThat((String) operation.get("summary")).as(name).isNotBlank();
            assertThat((java.util.List<String>) operation.get("tags")).as(name).hasSize(1);
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            if (path.startsWith("/v1/")) {
                java.util.List<Object> security = new java.util.ArrayList<>(java.util.List.of(
                        Map.of("apiKey", java.util.List.of()), Map.of("bearer", java.util.List.of())));
                if (path.equals("/v1/leaks")) {
                    // GitHub's signed report presents no key: its signature is the third way in
                    security.add(Map.of("githubSignature", java.util.List.of()));
                }
                assertThat((java.util.List<Object>) operation.get("security")).as(name)
                        .containsExactlyInAnyOrderElementsOf(security);
                assertThat(responses).as(name).containsKeys("401", "403", "429", "500", "503");
                if (!path.equals("/v1/auth")) {
                    // the forward-auth answer ignores Accept and the body (theDocumentSaysWhatTheCodeDoes)
                    assertThat(responses).as(name).containsKeys("406", "413", "415");
                }
            } else {
                assertThat(operation.get("security")).as("%s needs no key", name).isNull();
            }
        }));
        assertThat(ids).contains("createUser", "issueKey", "verifyKey", "forwardAuth", "listAuditEvents", "livez");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDocumentSaysWhatTheCodeDoes() {
        Map<String, Object> document = api.get("/openapi.json").json();
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components"))
                .get("schemas");
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");

        Map<String, Object> problem = (Map<String, Object>) ((Map<String, Object>) schemas.get("Problem"))
                .get("properties");
        assertThat((java.util.List<String>) ((Map<String, Object>) problem.get("code")).get("enum"))
                .as("every problem code, and only those").containsExactlyInAnyOrderElementsOf(
                        java.util.Arrays.stream(ProblemCode.values()).map(ProblemCode::code).toList());
        assertThat(map(map(map(map(schemas.get("UserPage")).get("properties")).get("items")).get("items")))
                .containsEntry("$ref", "#/components/schemas/User");
        assertThat(map(map(map(map(schemas.get("KeyPage")).get("properties")).get("items")).get("items")))
                .containsEntry("$ref", "#/components/schemas/Key");
        Map<String, Object> key = (Map<String, Object>) ((Map<String, Object>) schemas.get("Key")).get("properties");
        assertThat((Map<String, Object>) key.get("createdAt")).containsEntry("format", "date-time");
        assertThat((Map<String, Object>) key.get("id")).containsEntry("pattern", "^[0-9A-Za-z]{12}$");
        assertThat(schemas.keySet()).as("schema names, not Java's nesting").noneMatch(name -> name.contains("."));
        schemas.forEach((name, schema) -> assertThat(map(schema).get("properties") == null ? java.util.Set.<String>of()
                : map(map(schema).get("properties")).keySet()).as("the JSON names of %s", name)
                .allMatch(property -> property.matches("[a-z][A-Za-z]*")));
        for (String holder : java.util.List.of("Key", "NewKey", "KeyPatch", "Verdict")) {
            Map<String, Object> properties = map(map(schemas.get(holder)).get("properties"));
            assertThat(properties.get("meta").toString()).as(holder + ".meta").contains("#/components/schemas/Meta");
            assertThat(properties.get("rateLimit").toString()).as(holder + ".rateLimit")
                    .contains(holder.equals("Verdict") ? "#/components/schemas/RateLimitStatus"
                            : "#/components/schemas/KeyRateLimit");
        }
        assertThat(map(schemas.get("Meta"))).containsEntry("type", "object").containsEntry("nullable", true);
        Map<String, Object> auth = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) paths.get("/v1/auth")).get("get")).get("responses")).get("200");
        assertThat(auth).doesNotContainKey("content");
        assertThat((Map<String, Object>) auth.get("headers")).containsKeys("X-Latchkey-User-Id", "X-Latchkey-Key-Id",
                "X-Latchkey-Scopes", "RateLimit-Limit", "X-Request-Id");
        // issue 26: OPTIONS too, the scopes query and the refusal-status header on every method, no 406 or 415
        Map<String, Object> authPath = (Map<String, Object>) paths.get("/v1/auth");
        assertThat(authPath).containsKeys("get", "post", "put", "patch", "delete", "options");
        for (String method : java.util.List.of("get", "post", "put", "patch", "delete", "options")) {
            Map<String, Object> operation = map(authPath.get(method));
            assertThat(operation.get("parameters").toString()).as(method).contains("name=scopes, in=query")
                    .contains("name=X-Latchkey-Refusal-Status, in=header").contains("name=X-Required-Scopes, in=header");
            assertThat(map(operation.get("responses"))).as(method).doesNotContainKeys("406", "415");
            assertThat((String) operation.get("description")).contains("every path below it");
        }
        Map<String, Object> meRotate = (Map<String, Object>) ((Map<String, Object>) paths.get("/v1/me/rotate"))
                .get("post");
        assertThat((Map<String, Object>) meRotate.get("requestBody")).containsEntry("required", false);
        Map<String, Object> created = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) paths.get("/v1/users")).get("post")).get("responses")).get("201");
        assertThat((Map<String, Object>) created.get("headers")).containsKey("Location");
        assertThat((Map<String, Object>) created.get("content")).isNotEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void docsLeadToTheSwaggerUi() {
        Api.Response docs = api.get("/docs");

        assertThat(docs.status()).isEqualTo(303);
        assertThat(docs.header("Location")).isEqualTo("/swagger-ui/index.html");
    }
}
