package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted proxy (here the test client itself, 127.0.0.1) the client address is the right-most untrusted
 * address of X-Forwarded-For: the client behind the proxy is throttled, not the proxy and not its other clients.
 */
@MicronautTest
@Property(name = "latchkey.throttle.max-failures", value = "5")
@Property(name = "latchkey.http.trusted-proxies", value = "127.0.0.1/32,10.0.0.0/8")
class TrustedProxyThrottleTest extends HttpApiTest {

    @Test
    void theClientBehindTheProxyIsThrottledNotTheProxy() {
        String valid = Api.keyWithScopes(registerUser, issueApiKey, "process");
        for (int i = 0; i < 5; i++) {
            api.get("/v1/me", "X-API-Key", "lk_guess-" + i, ClientAddresses.FORWARDED_FOR, "203.0.113.7")
                    .isProblem(401, "malformed_key");
        }

        api.get("/v1/me", "X-API-Key", valid, ClientAddresses.FORWARDED_FOR, "203.0.113.7")
                .isProblem(429, "too_many_failures");
        api.get("/v1/me", "X-API-Key", valid, ClientAddresses.FORWARDED_FOR, "203.0.113.7, 10.1.2.3")
                .isProblem(429, "too_many_failures");
        api.get("/v1/me", "X-API-Key", valid, ClientAddresses.REAL_IP, "203.0.113.7")
                .isProblem(429, "too_many_failures");
        assertThat(api.get("/v1/me", "X-API-Key", valid, ClientAddresses.FORWARDED_FOR, "203.0.113.8").status())
                .as("another client of the proxy").isEqualTo(200);
        assertThat(api.get("/v1/me", "X-API-Key", valid).status()).as("the proxy itself").isEqualTo(200);
        assertThat(api.get("/v1/me", "X-API-Key", valid, ClientAddresses.FORWARDED_FOR, "203.0.113.7, 198.51.100.1")
                .status()).as("the right-most untrusted hop is the client").isEqualTo(200);
    }

    @Test
    void anIpv6ClientIsThrottledForItsWholeSlash64() {
        String valid = Api.keyWithScopes(registerUser, issueApiKey, "process");
        for (int i = 0; i < 5; i++) { // a fresh address of its /64 for every guess
            api.get("/v1/me", "X-API-Key", "lk_guess-" + i, ClientAddresses.FORWARDED_FOR, "2001:db8:7:8::" + (i + 1))
                    .isProblem(401, "malformed_key");
        }

        api.get("/v1/me", "X-API-Key", valid, ClientAddresses.FORWARDED_FOR, "2001:db8:7:8:aaaa:bbbb:cccc:dddd")
                .isProblem(429, "too_many_failures");
        assertThat(api.get("/v1/me", "X-API-Key", valid, ClientAddresses.FORWARDED_FOR, "2001:db8:7:9::1").status())
                .as("the next /64").isEqualTo(200);
    }
}
