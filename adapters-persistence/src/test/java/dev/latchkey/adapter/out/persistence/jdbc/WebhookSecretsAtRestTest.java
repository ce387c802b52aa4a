package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/**
 * An endpoint's secret is in the database only sealed, and reads back as it was (on MySQL); a seal copied onto another
 * endpoint's row does not open there.
 */
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

        assertThat(stored).startsWith("v2:").doesNotContain(endpoint.secret().substring("whsec_".length()));
        assertThat(stores.webhookEndpoints().findById(endpoint.id()).orElseThrow().secret())
                .isEqualTo(endpoint.secret());
    }

    @Test
    void aSealCopiedToAnotherEndpointsRowDoesNotOpen() throws Exception {
        Stores stores = STORES.empty();
        Random random = new Random(5);
        Instant now = Instant.parse("2026-11-24T09:00:00Z");
        WebhookEndpoint mine = WebhookEndpoint.register("https://hooks.example.com/mine",
                Set.of(WebhookEventType.KEY_LEAKED), now, random);
        WebhookEndpoint theirs = WebhookEndpoint.register("https://attacker.example.com/in",
                Set.of(WebhookEventType.KEY_LEAKED), now, random);
        stores.webhookEndpoints().add(mine);
        stores.webhookEndpoints().add(theirs);

        var database = STORES.database();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             var statement = connection.prepareStatement("UPDATE webhook_endpoints SET secret ="
                     + " (SELECT s FROM (SELECT secret AS s FROM webhook_endpoints WHERE id = ?) t) WHERE id = ?")) {
            statement.setString(1, mine.id().value());
            statement.setString(2, theirs.id().value());
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }

        assertThat(stores.webhookEndpoints().findById(mine.id()).orElseThrow().secret()).isEqualTo(mine.secret());
        assertThatThrownBy(() -> stores.webhookEndpoints().findById(theirs.id()))
                .hasMessageContaining("sealed for another endpoint").hasMessageNotContaining(mine.secret());
    }
}
