package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** Guessing keys through the console's sign-in is throttled per client address, as through the API. */
@MicronautTest
@Property(name = "latchkey.throttle.max-failures", value = "3")
class ConsoleThrottleTest extends HttpApiTest {

    @Test
    void failedSignInsCountAgainstTheAddressAndThenNothingIsVerified() {
        String key = Api.keyWithScopes(registerUser, issueApiKey, "admin");
        String wrong = key.substring(0, key.length() - 1) + (key.endsWith("x") ? "y" : "x");
        ConsoleClient console = new ConsoleClient(server.getURI());
        for (int i = 0; i < 3; i++) {
            assertThat(console.signIn(wrong).status()).isEqualTo(401);
        }

        ConsoleClient.Page refused = console.signIn(key);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.html()).contains("Too many failed sign-ins");
        assertThat(refused.cookie("latchkey_console")).isNull();
        // the API refuses the address as well: the failures were the same count
        api.get("/v1/me", "X-API-Key", key).isProblem(429, "too_many_failures");
    }
}
