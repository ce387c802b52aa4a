package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** {@code latchkey.console.plain-http}: the operator's explicit opt-in to a console over plain HTTP from anywhere. */
@MicronautTest
@Property(name = "latchkey.http.trusted-proxies", value = "127.0.0.1/32")
@Property(name = "latchkey.console.plain-http", value = "true")
class ConsolePlainHttpOptInTest extends HttpApiTest {

    @Test
    void theCookieIsNotSecureOverPlainHttpFromAnotherMachineButStillIsOverHttps() {
        ConsoleClient remote = new ConsoleClient(server.getURI());
        assertThat(remote.get("/console/sign-in", "X-Forwarded-For", ConsoleSessionLimitsTest.ELSEWHERE)
                .cookie("latchkey_console_sign_in")).doesNotContain("Secure");
        assertThat(remote.get("/console/sign-in", "X-Forwarded-For", ConsoleSessionLimitsTest.ELSEWHERE,
                "X-Forwarded-Proto", "https").cookie("latchkey_console_sign_in")).contains("Secure");
    }
}
