package dev.latchkey.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookEndpointTest {

    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    private final Random random = new Random(5);

    @Test
    void aNewEndpointHasAFreshSecretThatSignsAndNeverShowsInItsText() {
        WebhookEndpoint endpoint = WebhookEndpoint.register("https://hooks.example.com/latchkey?team=7",
                Set.of(WebhookEventType.KEY_REVOKED), NOW, random);
        WebhookEndpoint other = WebhookEndpoint.register("https://hooks.example.com/latchkey",
                Set.of(WebhookEventType.KEY_REVOKED), NOW, random);

        assertThat(endpoint.secret()).startsWith("whsec_").isNotEqualTo(other.secret());
        assertThat(endpoint.toString()).doesNotContain(endpoint.secret().substring(6));
        String signature = WebhookSignature.ofSecret(endpoint.secret()).sign("msg_1", NOW, "{}");
        assertThat(WebhookSignature.ofSecret(endpoint.secret()).verify("msg_1", Long.toString(NOW.getEpochSecond()),
                "{}", signature, NOW, Duration.ofMinutes(5))).isTrue();
        assertThat(endpoint.wants(WebhookEventType.KEY_REVOKED)).isTrue();
        assertThat(endpoint.wants(WebhookEventType.KEY_ISSUED)).isFalse();
    }

    @Test
    void onlyAnAbsoluteHttpUrlWithAHostAndNoCredentialsIsAReceiver() {
        for (String bad : new String[] {"", " ", "hooks.example.com/x", "ftp://hooks.example.com/", "file:///etc/passwd",
                "https://user:pw@hooks.example.com/", "https://hooks.example.com/#frag", "mailto:a@example.com",
                "https:///nohost", "https://hooks.example.com/" + "x".repeat(WebhookEndpoint.MAX_URL_LENGTH), null}) {
            assertThatThrownBy(() -> WebhookEndpoint.url(bad)).as(String.valueOf(bad))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("url");
        }
        assertThat(WebhookEndpoint.url("HTTP://127.0.0.1:9000/in").getPort()).isEqualTo(9000);
        assertThatThrownBy(() -> WebhookEndpoint.register("https://a.example.com/", Set.of(), NOW, random))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("events");
    }

    @Test
    void anEventsBodyIsStandardWebhooksJsonWithItsDataEscaped() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "ci \"prod\"\\\n\u0001");
        data.put("remaining", 5L);
        WebhookEvent event = WebhookEvent.of(WebhookEventType.KEY_USAGE_LOW, NOW, new KeyId("AbCdEfGh1234"),
                new UserId("01890a5d-ac96-774b-bcce-b302099a8057"), data, random);

        assertThat(event.id()).matches("msg_[0-9a-f]{32}");
        assertThat(event.body()).isEqualTo("{\"type\":\"key.usage_low\",\"timestamp\":\"2026-11-24T08:00:00Z\","
                + "\"data\":{\"keyId\":\"AbCdEfGh1234\",\"userId\":\"01890a5d-ac96-774b-bcce-b302099a8057\","
                + "\"name\":\"ci \\\"prod\\\"\\\\\\n\\u0001\",\"remaining\":5}}");
        assertThatThrownBy(() -> WebhookEvent.of(WebhookEventType.KEY_ISSUED, NOW, null, null,
                Map.of("nested", Map.of()), random)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCapAndStopAfterTheLastAttempt() {
        WebhookRetryPolicy policy = new WebhookRetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1), 6);

        assertThat(policy.nextAttempt(1, NOW)).contains(NOW.plusSeconds(5));
        assertThat(policy.nextAttempt(2, NOW)).contains(NOW.plusSeconds(10));
        assertThat(policy.nextAttempt(4, NOW)).contains(NOW.plusSeconds(40));
        assertThat(policy.nextAttempt(5, NOW)).contains(NOW.plusSeconds(60));
        assertThat(policy.nextAttempt(6, NOW)).isEmpty();
        assertThat(WebhookRetryPolicy.DEFAULT.nextAttempt(15, NOW)).contains(NOW.plus(Duration.ofHours(1)));
    }
}
