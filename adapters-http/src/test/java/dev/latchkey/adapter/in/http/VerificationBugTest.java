package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.application.service.verification.VerificationService;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A verification that fails with anything but a lost store is a bug, not an outage: {@code 500 internal_error}, not
 * {@code 503 unavailable} (which would send operators looking at a healthy database), and never a {@code 401}.
 */
@MicronautTest
@Property(name = "test.verification-bug", value = "true")
class VerificationBugTest extends HttpApiTest {

    @Singleton
    @Replaces(VerificationService.class)
    @Requires(property = "test.verification-bug", value = "true")
    static VerifyApiKey buggy() {
        return request -> {
            if (request.presentedKey().startsWith("lk_")) { // fails later, on another thread (a store read)
                return CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("a bug with a long story");
                });
            }
            // at once, on the event loop; and thrown, which the port never does: answered all the same
            throw new NullPointerException("a bug on the event loop");
        };
    }

    @Test
    void aBugWhileVerifyingIs500NotUnavailable() {
        String key = unknownKey();

        Api.Response blocking = api.get("/v1/me", "X-API-Key", key).isProblem(500, "internal_error");
        Api.Response gateway = api.get("/v1/auth", "X-API-Key", key).isProblem(500, "internal_error");
        String other = ApiKeyToken.generate(new KeyPrefix("acme"), new SecureRandom()).value();
        Api.Response eventLoop = api.get("/v1/auth", "X-API-Key", other).isProblem(500, "internal_error");

        for (Api.Response response : java.util.List.of(blocking, gateway, eventLoop)) {
            assertThat(response.body()).doesNotContain(key).doesNotContain(other).doesNotContain("bug");
            assertThat(response.header("Retry-After")).isNull();
        }
    }
}
