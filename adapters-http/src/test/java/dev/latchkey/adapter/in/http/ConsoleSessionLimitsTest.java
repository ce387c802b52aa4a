package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many console sessions one key may hold (the oldest ends past the cap), and when the session cookie is Secure:
 * always, except over plain HTTP from this machine. The test client is 127.0.0.1, a trusted proxy here, so
 * {@code X-Forwarded-For} places it on another machine.
 */
@MicronautTest
@Property(name = "latchkey.http.trusted-proxies", value = "127.0.0.1/32")
@Property(name = "latchkey.console.max-sessions-per-key", value = "3")
class ConsoleSessionLimitsTest extends HttpApiTest {

    static final String ELSEWHERE = "203.0.113.9";

    @Inject
    TestWiring.MovableClock clock;

    private String adminKey;

    @BeforeEach
    void setUp() {
        adminKey = Api.keyWithScopes(registerUser, issueApiKey, "admin");
    }

    @Test
    void aKeySigningInPastTheCapEndsItsOldestSession() {
        List<ConsoleClient> browsers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ConsoleClient browser = new ConsoleClient(server.getURI());
            assertThat(browser.signIn(adminKey).status()).isEqualTo(303);
            browsers.add(browser);
            clock.advance(Duration.ofSeconds(1));
        }
        ConsoleClient otherKey = new ConsoleClient(server.getURI());
        otherKey.signIn(Api.keyWithScopes(registerUser, issueApiKey, "admin"));

        assertThat(browsers.get(0).get("/console/users").status()).as("the oldest, ended").isEqualTo(303);
        for (ConsoleClient browser : browsers.subList(1, 4)) {
            assertThat(browser.get("/console/users").status()).isEqualTo(200);
        }
        assertThat(otherKey.get("/console/users").status()).as("another key's sessions are its own").isEqualTo(200);

        ConsoleClient fifth = new ConsoleClient(server.getURI());
        assertThat(fifth.signIn(adminKey).status()).as("signing in is never refused").isEqualTo(303);
        assertThat(browsers.get(1).get("/console/users").status()).isEqualTo(303);
        assertThat(fifth.get("/console/users").status()).isEqualTo(200);
    }

    @Test
    void theCookieIsSecureOverPlainHttpFromAnotherMachineAndNotFromThisOne() {
        ConsoleClient remote = new ConsoleClient(server.getURI());
        ConsoleClient.Page form = remote.get("/console/sign-in", "X-Forwarded-For", ELSEWHERE);
        assertThat(form.cookie("latchkey_console_sign_in")).contains("Secure");
        ConsoleClient.Page signedIn = remote.postForm("/console/sign-in", java.util.Map.of("csrf", remote.token(),
                "key", adminKey), "X-Forwarded-For", ELSEWHERE);
        assertThat(signedIn.cookie("latchkey_console")).contains("Secure").containsIgnoringCase("HttpOnly");

        ConsoleClient local = new ConsoleClient(server.getURI());
        assertThat(local.get("/console/sign-in").cookie("latchkey_console_sign_in")).doesNotContain("Secure");
        assertThat(local.get("/console/sign-in", "X-Forwarded-For", "::1").cookie("latchkey_console_sign_in"))
                .doesNotContain("Secure");
    }
}
