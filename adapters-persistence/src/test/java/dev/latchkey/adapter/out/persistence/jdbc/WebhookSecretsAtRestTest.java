package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An endpoint's secret is in the database only sealed, and reads back as it was (on MySQL). */
class WebhookSecretsAtRestTest {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("WebhookSecrets");

    @Test
    void theStoredSecretIsSealedAndOpensOnRead() throws Exception {
        Stores stores = STORES.empty();
        WebhookEndpoint endpoint = WebhookEndpoint.register("https://hooks.example.com/in",
                Set.of(WebhookEventType.KEY_LEAKED), Instant.parse("2026-11-24T09:00:00Z"), new Random(3));
        stores.webhookEndpoints().add(endpoint);

        String stored;
        var database = STORES.database();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT secret FROM webhook_endpoints")) {
            rows.next();
            stored = rows.getString(1);
        }

        assertThat(stored).startsWith("v1:").doesNotContain(endpoint.secret().substring("whsec_".length()));
        assertThat(stores.webhookEndpoints().findById(endpoint.id()).orElseThrow().secret())
                .isEqualTo(endpoint.secret());
    }
}
