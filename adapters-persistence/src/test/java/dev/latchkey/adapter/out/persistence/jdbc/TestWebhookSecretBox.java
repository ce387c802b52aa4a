package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.domain.webhook.WebhookSecretBox;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * The box that seals webhook secrets, for the adapter's own test contexts ({@link JdbcStores} switches it on); the
 * application builds it from its pepper. Off elsewhere: the contract kit's test-jar must not bring a second one.
 */
@Factory
@Requires(property = TestWebhookSecretBox.ENABLED, value = "true")
class TestWebhookSecretBox {

    static final String ENABLED = "latchkey.test.webhook-secret-box";

    @Singleton
    WebhookSecretBox webhookSecretBox() {
        return new WebhookSecretBox("persistence-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    }
}
