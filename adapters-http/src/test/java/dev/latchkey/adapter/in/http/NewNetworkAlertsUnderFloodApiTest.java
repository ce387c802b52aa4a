package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import dev.latchkey.adapter.out.accounting.NewNetworkWatch;
import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * M2: anyone can present well-formed random keys, each refusal a summary of its own. Past the refusals' budget they
 * fold into the overflow; a valid use keeps its own budget, so its new network is still told.
 */
@MicronautTest
@Property(name = "latchkey.http.trusted-proxies", value = "127.0.0.1/32")
@Property(name = "latchkey.audit.max-summaries-per-minute", value = "5")
@Property(name = "latchkey.audit.max-valid-summaries-per-minute", value = "100")
class NewNetworkAlertsUnderFloodApiTest extends AdminAndUserApiTest {

    private static final String XFF = ClientAddresses.FORWARDED_FOR;

    @Inject
    SummarisedVerificationEvents summaries;
    @Inject
    NewNetworkWatch watch;

    NewNetworkAlertsUnderFloodApiTest() {
        super("audit:read");
    }

    private void useFrom(String key, String address) {
        assertThat(api.get("/v1/me", "X-API-Key", key, XFF, address).status()).isEqualTo(200);
        summaries.flush();
        watch.decide();
    }

    @Test
    void aFloodOfRefusedKeysPastTheBudgetLeavesANewNetworkTold() {
        Map<String, Object> issued = issueKey(admin, userId, "{\"name\":\"deploy\",\"scopes\":[]}");
        String key = (String) issued.get("key");
        Object keyId = issued.get("id");
        useFrom(key, "203.0.113.5");

        for (int i = 0; i < 20; i++) { // each from an address of its own: no throttle, a new summary each
            assertThat(api.malformed().get("/v1/me", "X-API-Key", unknownKey(), XFF, "192.0.2." + (i + 1))
                    .status()).isEqualTo(401);
        }
        useFrom(key, "198.51.100.7");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> audited = (List<Map<String, Object>>) api.get(
                "/v1/audit-events?type=key.new_network&keyId=" + keyId, admin).field("items");
        assertThat(audited).singleElement().satisfies(alert -> assertThat(alert)
                .containsEntry("clientIp", "198.51.100.7"));
    }
}
