package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.domain.webhook.WebhookDelivery;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookId;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Webhook endpoints, the outbox and the deliveries in memory; every method holds the one lock. */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryWebhooks implements WebhookEndpoints, WebhookOutbox {

    private record StoredEvent(WebhookEvent event, boolean dispatched) {
    }

    private final Map<WebhookId, WebhookEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, StoredEvent> events = new LinkedHashMap<>();
    private final TreeMap<Long, WebhookDelivery> deliveries = new TreeMap<>();
    /** The claims of deliveries being posted: until when each runs. */
    private final Map<Long, Instant> claims = new HashMap<>();
    private long lastDeliveryId;

    @Override
    public synchronized void add(WebhookEndpoint endpoint) {
        endpoints.put(endpoint.id(), endpoint);
    }

    @Override
    public synchronized Optional<WebhookEndpoint> findById(WebhookId id) {
        return Optional.ofNullable(endpoints.get(id));
    }

    @Override
    public synchronized List<WebhookEndpoint> all() {
        return endpoints.values().stream().sorted(Comparator.comparing(WebhookEndpoint::createdAt)
                .thenComparing(endpoint -> endpoint.id().value())).toList();
    }

    @Override
    public synchronized boolean delete(WebhookId id) {
        deliveries.values().removeIf(delivery -> {
            boolean gone = delivery.endpointId().equals(id);
            if (gone) {
                claims.remove(delivery.id());
            }
            return gone;
        });
        return endpoints.remove(id) != null;
    }

    @Override
    public synchronized void append(WebhookEvent event) {
        events.put(event.id(), new StoredEvent(event, false));
    }

    @Override
    public synchronized List<NewEvent> undispatched(int limit) {
        return events.values().stream().filter(stored -> !stored.dispatched()).limit(limit)
                .map(stored -> new NewEvent(stored.event().id(), stored.event().type())).toList();
    }

    @Override
    public synchronized void dispatch(NewEvent event, List<WebhookId> to, Instant now) {
        StoredEvent stored = events.get(event.eventId());
        if (stored == null || stored.dispatched()) {
            return;
        }
        events.put(event.eventId(), new StoredEvent(stored.event(), true));
        for (WebhookId endpoint : to) {
            long id = ++lastDeliveryId;
            deliveries.put(id, new WebhookDelivery(id, endpoint, event.eventId(), event.type(), now,
                    WebhookDelivery.Status.PENDING, 0, null, null, null, now));
        }
    }

    @Override
    public synchronized List<DueDelivery> due(Instant now, int limit) {
        List<DueDelivery> found = new ArrayList<>();
        deliveries.values().stream()
                .filter(delivery -> delivery.status() == WebhookDelivery.Status.PENDING
                        && !delivery.nextAttemptAt().isAfter(now) && endpoints.containsKey(delivery.endpointId())
                        && !claimed(delivery.id(), now))
                .sorted(Comparator.comparing(WebhookDelivery::nextAttemptAt).thenComparingLong(WebhookDelivery::id))
                .limit(limit)
                .forEach(delivery -> found.add(new DueDelivery(delivery.id(), endpoints.get(delivery.endpointId()),
                        delivery.eventId(), events.get(delivery.eventId()).event().body(), delivery.attempts())));
        return found;
    }

    @Override
    public synchronized boolean claim(DueDelivery due, Instant now, Instant until) {
        WebhookDelivery delivery = deliveries.get(due.id());
        if (delivery == null || delivery.status() != WebhookDelivery.Status.PENDING
                || delivery.attempts() != due.attempts() || delivery.nextAttemptAt().isAfter(now)
                || claimed(due.id(), now)) {
            return false;
        }
        claims.put(due.id(), until);
        return true;
    }

    private boolean claimed(long deliveryId, Instant now) {
        Instant until = claims.get(deliveryId);
        return until != null && until.isAfter(now);
    }

    @Override
    public synchronized void recordAttempt(long deliveryId, Attempt attempt) {
        claims.remove(deliveryId);
        deliveries.computeIfPresent(deliveryId, (id, delivery) -> new WebhookDelivery(id, delivery.endpointId(),
                delivery.eventId(), delivery.eventType(), delivery.createdAt(), attempt.status(),
                delivery.attempts() + 1, attempt.at(), attempt.responseStatus(), attempt.error(),
                attempt.nextAttemptAt()));
    }

    @Override
    public synchronized int purgeBefore(Instant before, int batch) {
        List<Long> old = deliveries.values().stream()
                .filter(delivery -> delivery.status() != WebhookDelivery.Status.PENDING
                        && delivery.createdAt().isBefore(before))
                .limit(batch).map(WebhookDelivery::id).toList();
        old.forEach(deliveries::remove);
        old.forEach(claims::remove);
        List<String> oldEvents = events.values().stream()
                .filter(stored -> stored.dispatched() && stored.event().at().isBefore(before))
                .map(stored -> stored.event().id())
                .filter(id -> deliveries.values().stream().noneMatch(delivery -> delivery.eventId().equals(id)
                        && delivery.status() == WebhookDelivery.Status.PENDING))
                .limit(batch).toList();
        oldEvents.forEach(events::remove);
        return old.size() + oldEvents.size();
    }

    @Override
    public synchronized List<WebhookDelivery> deliveriesOf(WebhookId endpoint, Optional<Long> beforeId, int limit) {
        return deliveries.headMap(beforeId.orElse(Long.MAX_VALUE), false).descendingMap().values().stream()
                .filter(delivery -> delivery.endpointId().equals(endpoint)).limit(limit).toList();
    }
}
