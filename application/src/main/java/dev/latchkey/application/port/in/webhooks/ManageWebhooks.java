package dev.latchkey.application.port.in.webhooks;

import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;

import dev.latchkey.domain.webhook.WebhookDelivery;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEventType;
import dev.latchkey.domain.webhook.WebhookId;
import java.util.List;
import java.util.Set;

/**
 * The webhook endpoints (scope {@code admin}): register one (its secret is in the answer, and never again), list
 * them, delete one, and read an endpoint's delivery log. Throws {@code WebhookNotFound} for an unknown id.
 */
public interface ManageWebhooks {

    WebhookEndpoint register(String url, Set<WebhookEventType> events);

    List<WebhookEndpoint> list();

    void delete(WebhookId id);

    /** The endpoint's deliveries, newest first, a page at a time. */
    Page<WebhookDelivery> deliveries(WebhookId id, PageRequest page);
}
