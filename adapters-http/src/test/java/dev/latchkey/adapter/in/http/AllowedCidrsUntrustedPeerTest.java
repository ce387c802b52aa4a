package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * With no trusted proxy (the default) a key's allowed addresses are checked against the TCP peer: a client cannot
 * name an allowed address in {@code X-Forwarded-For} or {@code X-Real-IP} and be believed.
 */
@MicronautTest
class AllowedCidrsUntrustedPeerTest extends AdminAndUserApiTest {

    @Test
    void forwardedHeadersFromAnUntrustedPeerMoveNoClientIntoTheAllowedAddresses() {
        String fenced = (String) issueKey(admin, userId,
                "{\"name\":\"office\",\"scopes\":[],\"allowedCidrs\":[\"203.0.113.0/24\"]}").get("key");
        String local = (String) issueKey(admin, userId,
                "{\"name\":\"local\",\"scopes\":[],\"allowedCidrs\":[\"127.0.0.0/8\", \"::1\"]}").get("key");

        api.get("/v1/me", "X-API-Key", fenced, ClientAddresses.FORWARDED_FOR, "203.0.113.50")
                .isProblem(403, "ip_not_allowed");
        api.get("/v1/auth", "X-API-Key", fenced, ClientAddresses.REAL_IP, "203.0.113.50")
                .isProblem(403, "ip_not_allowed");
        assertThat(api.get("/v1/me", "X-API-Key", local, ClientAddresses.FORWARDED_FOR, "198.51.100.7").status())
                .as("the peer, 127.0.0.1, decides").isEqualTo(200);
    }
}
