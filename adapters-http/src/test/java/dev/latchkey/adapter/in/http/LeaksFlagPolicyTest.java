package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code latchkey.leaks.action=flag} a reported live key is audited as leaked and keeps working. */
@MicronautTest
@Property(name = "latchkey.leaks.action", value = "flag")
class LeaksFlagPolicyTest extends AdminAndUserApiTest {

    @Test
    void aFlaggedKeyIsAuditedAndKeepsWorking() {
        Map<String, Object> issued = issueKey(admin, userId, "{\"name\":\"ci\",\"scopes\":[]}");
        String key = (String) issued.get("key");

        Api.Response answer = api.post("/v1/leaks", "[{\"token\":\"" + key + "\",\"url\":\"https://x.example/1\"}]",
                admin);

        assertThat(answer.body()).isEqualTo("[{\"index\":0,\"label\":\"latchkey_key\",\"action\":\"flagged\"}]");
        assertThat(api.get("/v1/me", "X-API-Key", key).status()).isEqualTo(200);
        Map<?, ?> audited = (Map<?, ?>) ((List<?>) api.get("/v1/audit-events?type=key.leaked&keyId="
                + issued.get("id"), admin).field("items")).get(0);
        assertThat(audited.get("code")).isEqualTo("FLAGGED");
        assertThat(audited.get("detail")).isEqualTo("https://x.example/1");
        assertThat((List<?>) api.get("/v1/audit-events?type=key.revoked&keyId=" + issued.get("id"), admin)
                .field("items")).isEmpty();
    }
}
