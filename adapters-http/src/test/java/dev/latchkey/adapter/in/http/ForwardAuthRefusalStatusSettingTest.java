package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code latchkey.http.forward-auth.refusal-status=403}: every 429 of /v1/auth is a 403, nothing else changes. */
@MicronautTest
@Property(name = "latchkey.http.forward-auth.refusal-status", value = "403")
class ForwardAuthRefusalStatusSettingTest extends HttpApiTest {

    @Test
    void a429IsA403WithItsCodeAndRetryAfter() {
        String[] admin = keyHeaders("admin");
        String userId = newUser(admin, "limited");
        String limited = (String) issueKey(admin, userId,
                "{\"name\":\"l\",\"scopes\":[],\"rateLimit\":{\"limit\":1,\"periodSeconds\":3600}}").get("key");
        assertThat(api.get("/v1/auth", "X-API-Key", limited).status()).isEqualTo(200);

        Api.Response mapped = api.get("/v1/auth/any/path", "X-API-Key", limited);

        assertThat(mapped.status()).as(mapped.body()).isEqualTo(403);
        assertThat(mapped.field("code")).isEqualTo("rate_limited");
        assertThat(mapped.field("status")).isEqualTo(403);
        assertThat(Long.parseLong(mapped.header("Retry-After"))).isBetween(1L, 3600L);
        api.malformed().get("/v1/auth").isProblem(401, "missing_key");
        // the API itself is not /v1/auth: its 429 stays
        api.get("/v1/me", "X-API-Key", limited).isProblem(429, "rate_limited");
    }

    @Test
    void anyOtherValueStopsTheStart() {
        for (String value : new String[] {"429", "401", "forbidden"}) {
            assertThatThrownBy(() -> {
                try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class,
                        Map.of("latchkey.http.forward-auth.refusal-status", value), "test").getApplicationContext()) {
                    context.getBean(EmbeddedServer.class);
                }
            }).as(value).hasStackTraceContaining("latchkey.http.forward-auth.refusal-status");
        }
    }
}
