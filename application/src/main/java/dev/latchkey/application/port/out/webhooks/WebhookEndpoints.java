package dev.latchkey.application.port.out.webhooks;

import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookId;
import java.util.List;
import java.util.Optional;

/** The registered webhook endpoints, secrets included (they sign deliveries). */
public interface WebhookEndpoints {

    void add(WebhookEndpoint endpoint);

    Optional<WebhookEndpoint> findById(WebhookId id);

    /** All endpoints, oldest first: a handful per installation. */
    List<WebhookEndpoint> all();

    /** Removes the endpoint and its delivery log; false when there was none. */
    boolean delete(WebhookId id);
}
