package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.Scopes;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A honeytoken presented counts towards the address's failed-authentication throttle exactly as a wrong secret does,
 * and the console's sign-in answers it with the wrong secret's page.
 */
@MicronautTest
@Property(name = "latchkey.throttle.max-failures", value = "3")
class HoneytokenThrottleTest extends HttpApiTest {

    @Test
    void aHoneytokenIsAFailedAuthenticationOnTheConsoleAndTheApiAlike() {
        String valid = Api.keyWithScopes(registerUser, issueApiKey, "admin");
        String honeytoken = issueApiKey.issue(Caller.SERVICE, new IssueApiKey.Command(
                registerUser.register(new RegisterUser.Command("Eve", null, null)).id(), "decoy",
                Scopes.parse(List.of("admin")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), true)).plaintext();
        String wrongSecret = LeaksApiTest.forgeWithSameKeyId(honeytoken);

        ConsoleClient.Page decoy = new ConsoleClient(server.getURI()).signIn(honeytoken);
        ConsoleClient.Page wrong = new ConsoleClient(server.getURI()).signIn(wrongSecret);
        assertThat(decoy.status()).isEqualTo(wrong.status()).isEqualTo(401);
        assertThat(decoy.cookie("latchkey_console")).isNull();
        assertThat(withoutFormTokens(decoy.html())).isEqualTo(withoutFormTokens(wrong.html()));

        api.get("/v1/auth", "X-API-Key", honeytoken).isProblem(401, "invalid_key"); // the third failure

        api.get("/v1/me", "X-API-Key", valid).isProblem(429, "too_many_failures");
    }

    private static String withoutFormTokens(String html) {
        return html.replaceAll("name=\"csrf\" value=\"[^\"]+\"", "name=\"csrf\" value=\"\"");
    }
}
