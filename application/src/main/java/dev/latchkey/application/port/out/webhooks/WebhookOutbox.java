package dev.latchkey.application.port.out.webhooks;

import dev.latchkey.domain.webhook.WebhookDelivery;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookEventType;
import dev.latchkey.domain.webhook.WebhookId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable outbox of webhook events and their deliveries. An event is appended in the transaction of the change
 * it tells about, so it exists exactly when the change does; the worker later fans it out into one delivery per
 * endpoint that wants it, and records every attempt.
 */
public interface WebhookOutbox {

    /**
     * Writes {@code event} with its payload ({@link WebhookEvent#body()}), in the caller's transaction when there is
     * one ({@link Transactions}).
     */
    void append(WebhookEvent event);

    /** Up to {@code limit} events not yet handed out, oldest first. */
    List<NewEvent> undispatched(int limit);

    /**
     * In one transaction: a pending delivery of {@code event} to each of {@code endpoints}, due at {@code now}, and
     * the event marked handed out. An event handed out already is left as it is (another pass got there first).
     */
    void dispatch(NewEvent event, List<WebhookId> endpoints, Instant now);

    /** An event in the outbox, not yet handed out to endpoints: its message id and type. */
    record NewEvent(String eventId, WebhookEventType type) {
    }

    /**
     * Up to {@code limit} pending deliveries due at {@code now} and not claimed by a post still under way (a claim
     * that has expired no longer counts), soonest first, with what sending them needs.
     */
    List<DueDelivery> due(Instant now, int limit);

    /**
     * Claims {@code delivery} for one post until {@code until}: true when this call took it, that is when it is still
     * pending, due at {@code now}, with the attempts it was read with, and no other claim runs at {@code now}. Of
     * callers racing for one delivery (two nodes), one gets it; a claim whose holder died runs out at {@code until}.
     */
    boolean claim(DueDelivery delivery, Instant now, Instant until);

    /** Records one attempt of a delivery: its outcome, and when to try again while it stays pending; ends its claim. */
    void recordAttempt(long deliveryId, Attempt attempt);

    /** The deliveries of one endpoint, newest first: up to {@code limit} with an id below {@code beforeId}. */
    List<WebhookDelivery> deliveriesOf(WebhookId endpoint, Optional<Long> beforeId, int limit);

    /**
     * Deletes up to {@code batch} deliveries that are no longer pending and were created before {@code before}, and
     * the events handed out before it that no pending delivery needs; how many rows went.
     */
    int purgeBefore(Instant before, int batch);

    /** A delivery to make: where to, the message id and body, and how many attempts were made already. */
    record DueDelivery(long id, WebhookEndpoint endpoint, String eventId, String body, int attempts) {
    }

    /**
     * The outcome of an attempt at {@code at}: the receiver's status ({@code null}: no answer), why there was none
     * ({@code null} when it answered; e.g. the target was refused, or timed out), the delivery's status after it, and
     * the next attempt's time while it stays pending.
     */
    record Attempt(Instant at, Integer responseStatus, String error, WebhookDelivery.Status status,
                   Instant nextAttemptAt) {

        public Attempt {
            if (error != null && error.length() > WebhookDelivery.MAX_ERROR_LENGTH) {
                error = error.substring(0, WebhookDelivery.MAX_ERROR_LENGTH);
            }
        }
    }
}
