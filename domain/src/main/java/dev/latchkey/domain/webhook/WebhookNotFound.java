package dev.latchkey.domain.webhook;

import dev.latchkey.domain.DomainException;

/** No webhook endpoint with that id exists. */
public final class WebhookNotFound extends DomainException {

    public WebhookNotFound(WebhookId id) {
        super("no webhook endpoint with id " + id.value());
    }
}
