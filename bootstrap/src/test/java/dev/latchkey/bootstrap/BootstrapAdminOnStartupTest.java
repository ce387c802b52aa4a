package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.Verification;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bootstrap admin key on the in-memory store: a malformed key stops the start, and is never echoed. */
class BootstrapAdminOnStartupTest {

    private static Map<String, Object> properties(String key) {
        return Map.of("latchkey.store", "memory", "latchkey.bootstrap-admin-key", key,
                "latchkey.pepper", "startup-test-pepper-0123456789abcdef0123", "micronaut.server.port", -1,
                "datasources.default.url", "jdbc:h2:mem:startup;MODE=MySQL;DATABASE_TO_LOWER=TRUE");
    }

    @Test
    void aMalformedKeyStopsTheStartWithoutEchoingIt() {
        String malformed = "lk_thisIsNotAValidKeyButLooksSecret123456789012345678";

        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, properties(malformed)))
                .hasStackTraceContaining("LATCHKEY_BOOTSTRAP_ADMIN_KEY is not a key in the Latchkey format")
                .satisfies(error -> assertThat(stackTraceOf(error)).doesNotContain(malformed));
    }

    @Test
    void aWellFormedKeyBecomesTheAdminsKey() {
        String key = Application.newKey(dev.latchkey.domain.apikey.KeyPrefix.DEFAULT);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties(key))) {
            Verification verified = server.getApplicationContext().getBean(VerifyApiKey.class)
                    .verify(new VerificationRequest(key, Set.of(Scope.USERS_WRITE), VerificationRequest.Origin.NONE))
                    .toCompletableFuture().join();
            assertThat(verified.isValid()).isTrue();
        }
    }

    private static String stackTraceOf(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
