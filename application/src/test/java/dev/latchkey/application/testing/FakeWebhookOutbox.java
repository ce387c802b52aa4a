package dev.latchkey.application.testing;

import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.domain.webhook.WebhookDelivery;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The outbox as the use cases write it: the events appended, in order. Delivery is the adapters' (and its tests'). */
public final class FakeWebhookOutbox implements WebhookOutbox {

    public final List<WebhookEvent> appended = new ArrayList<>();

    @Override
    public void append(WebhookEvent event) {
        appended.add(event);
    }

    @Override
    public List<NewEvent> undispatched(int limit) {
        return appended.stream().limit(limit).map(event -> new NewEvent(event.id(), event.type())).toList();
    }

    @Override
    public void dispatch(NewEvent event, List<WebhookId> endpoints, Instant now) {
        throw new UnsupportedOperationException("not a use case's");
    }

    @Override
    public List<DueDelivery> due(Instant now, int limit) {
        return List.of();
    }

    @Override
    public boolean claim(DueDelivery delivery, Instant now, Instant until) {
        throw new UnsupportedOperationException("not a use case's");
    }

    @Override
    public void recordAttempt(long deliveryId, Attempt attempt) {
        throw new UnsupportedOperationException("not a use case's");
    }

    @Override
    public int purgeBefore(Instant before, int batch) {
        return 0;
    }

    @Override
    public List<WebhookDelivery> deliveriesOf(WebhookId endpoint, Optional<Long> beforeId, int limit) {
        return List.of();
    }
}
