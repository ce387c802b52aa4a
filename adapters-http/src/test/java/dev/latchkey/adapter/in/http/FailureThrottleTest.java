package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * Brute-force throttling by client address (docs/api-guide.md §6 {@code too_many_failures}), with no trusted proxy: the
 * address is the TCP peer, and a forwarding header from it changes nothing. The limit is 5 here (50 by default).
 */
@MicronautTest
@Property(name = "latchkey.throttle.max-failures", value = "5")
@Property(name = "latchkey.throttle.window", value = "5m")
class FailureThrottleTest extends HttpApiTest {

    @Test
    void theFifthFailureThrottlesTheAddressForEveryKeyItPresentsAndASpoofedForwardedForDoesNotEscape() {
        String valid = Api.keyWithScopes(registerUser, issueApiKey, "process");
        assertThat(api.get("/v1/me", "X-API-Key", valid).status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            api.get("/v1/me", "X-API-Key", "lk_not-a-key-" + i).isProblem(401, "malformed_key");
        }
        char last = valid.charAt(valid.length() - 1);
        api.get("/v1/me", "X-API-Key", valid.substring(0, valid.length() - 1) + (last == 'x' ? 'y' : 'x'))
                .isProblem(401, "malformed_key"); // the fifth: a bad checksum

        Api.Response throttled = api.get("/v1/me", "X-API-Key", valid).isProblem(429, "too_many_failures");
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 300);
        assertThat(throttled.header("X-Request-Id")).isNotBlank();
        api.get("/v1/me", "X-API-Key", valid, ClientAddresses.FORWARDED_FOR, "198.51.100.9")
                .isProblem(429, "too_many_failures");
        api.get("/v1/me", "X-API-Key", valid, ClientAddresses.REAL_IP, "198.51.100.9")
                .isProblem(429, "too_many_failures");
        api.get("/v1/auth", "Authorization", "Bearer " + valid).isProblem(429, "too_many_failures");
        // a gateway that asks for it gets the throttle as a 403, same code, Retry-After kept
        Api.Response mapped = api.get("/v1/auth", "Authorization", "Bearer " + valid,
                "X-Latchkey-Refusal-Status", "403");
        assertThat(mapped.status()).isEqualTo(403);
        assertThat(mapped.field("code")).isEqualTo("too_many_failures");
        assertThat(Integer.parseInt(mapped.header("Retry-After"))).isBetween(1, 300);
        api.malformed().get("/v1/me").isProblem(401, "missing_key");
        assertThat(api.get("/livez").status()).isEqualTo(200);
    }
}
