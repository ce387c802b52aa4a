package dev.latchkey.application.service.webhooks;

import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import dev.latchkey.application.port.in.webhooks.ManageWebhooks;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.port.out.webhooks.WebhookTransport;
import dev.latchkey.application.service.paging.Cursors;
import dev.latchkey.application.service.paging.Pages;
import dev.latchkey.application.service.store.StoreTime;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.webhook.WebhookDelivery;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEventType;
import dev.latchkey.domain.webhook.WebhookId;
import dev.latchkey.domain.webhook.WebhookNotFound;
import dev.latchkey.domain.webhook.WebhookRetryPolicy;
import dev.latchkey.domain.webhook.WebhookSignature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Webhook endpoints and the worker that delivers to them. Events reach the outbox with their change
 * ({@link ChangeAudit#announce}); a pass of the worker hands each new event to the endpoints that want it, then posts
 * the due deliveries, each signed afresh (Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), and records the outcome: 2xx delivered, anything else tried again later by the retry
 * policy until its attempts run out. At least once: a pass cut off after a post and before its record posts again.
 * Receivers are held to the transport's network rules twice: when an endpoint is registered (a refused URL is a
 * validation failure naming {@code url}), and at each delivery (a refused target is a failed attempt, with its reason
 * in the delivery log, and is not posted). Each delivery is claimed before it is posted, for {@code claimTime}, so two
 * nodes never post it at once and one that died mid-post lets it go when the claim runs out.
 */
public final class WebhookService implements ManageWebhooks, DispatchWebhooks {

    /** Events handed out per pass at most. */
    static final int BATCH = 100;
    static final int PURGE_BATCH = 1_000;
    public static final String USER_AGENT = "Latchkey-Webhooks/1";

    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final WebhookTransport transport;
    private final WebhookRetryPolicy retryPolicy;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration retention;
    private final Duration claimTime;

    /**
     * {@code claimTime}: how long a delivery being posted is held by its node; longer than the transport's deadline
     * for one delivery, so that a claim runs out only when its node died or stalled.
     */
    public WebhookService(WebhookEndpoints endpoints, WebhookOutbox outbox, WebhookTransport transport,
                          WebhookRetryPolicy retryPolicy, Duration retention, Duration claimTime, Clock clock,
                          RandomGenerator random) {
        if (claimTime.isNegative() || claimTime.isZero()) {
            throw new IllegalArgumentException("a delivery's claim must last a while");
        }
        this.claimTime = claimTime;
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.random = random;
        this.retention = retention;
    }

    @Override
    public WebhookEndpoint register(String url, Set<WebhookEventType> events) {
        WebhookEndpoint endpoint = WebhookEndpoint.register(url, events, StoreTime.now(clock), random);
        transport.refusal(endpoint.url()).ifPresent(reason -> {
            throw new InvalidValueException("url", "url must reach a public address: " + reason
                    + " (an operator can allow networks with latchkey.webhooks.allowed-networks)");
        });
        endpoints.add(endpoint);
        return endpoint;
    }

    @Override
    public List<WebhookEndpoint> list() {
        return endpoints.all();
    }

    @Override
    public void delete(WebhookId id) {
        if (!endpoints.delete(id)) {
            throw new WebhookNotFound(id);
        }
    }

    @Override
    public Page<WebhookDelivery> deliveries(WebhookId id, PageRequest page) {
        if (endpoints.findById(id).isEmpty()) {
            throw new WebhookNotFound(id);
        }
        List<WebhookDelivery> found = outbox.deliveriesOf(id, page.cursor().map(Cursors::toDelivery),
                page.limit() + 1);
        return Pages.of(found, page.limit(), last -> Cursors.ofDelivery(last.id()));
    }

    @Override
    public Pass runOnce(int maxAttempts) {
        int dispatched = dispatchNewEvents();
        int attempts = 0;
        int delivered = 0;
        if (maxAttempts <= 0) {
            return new Pass(dispatched, 0, 0);
        }
        for (WebhookOutbox.DueDelivery due : outbox.due(StoreTime.now(clock), maxAttempts)) {
            Instant now = StoreTime.now(clock);
            if (!outbox.claim(due, now, now.plus(claimTime))) {
                continue; // another node took it since it was read, or it changed
            }
            attempts++;
            if (attempt(due)) {
                delivered++;
            }
        }
        return new Pass(dispatched, attempts, delivered);
    }

    @Override
    public int purge() {
        return outbox.purgeBefore(StoreTime.now(clock).minus(retention), PURGE_BATCH);
    }

    private int dispatchNewEvents() {
        List<WebhookOutbox.NewEvent> events = outbox.undispatched(BATCH);
        if (events.isEmpty()) {
            return 0;
        }
        List<WebhookEndpoint> registered = endpoints.all();
        Instant now = StoreTime.now(clock);
        for (WebhookOutbox.NewEvent event : events) {
            outbox.dispatch(event, registered.stream().filter(endpoint -> endpoint.wants(event.type()))
                    .map(WebhookEndpoint::id).toList(), now);
        }
        return events.size();
    }

    /** One post of a due delivery, signed now; true when the receiver took it. */
    private boolean attempt(WebhookOutbox.DueDelivery due) {
        Instant sentAt = clock.instant();
        String timestamp = Long.toString(sentAt.getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", USER_AGENT);
        headers.put("webhook-id", due.eventId());
        headers.put("webhook-timestamp", timestamp);
        headers.put("webhook-signature", WebhookSignature.ofSecret(due.endpoint().secret())
                .sign(due.eventId(), sentAt, due.body()));
        WebhookTransport.Outcome outcome = transport.post(due.endpoint().url(), headers, due.body());
        Instant at = StoreTime.now(clock);
        Integer responseStatus = outcome instanceof WebhookTransport.Answered answered ? answered.status() : null;
        String error = outcome instanceof WebhookTransport.NoAnswer none ? "no answer: " + none.reason()
                : outcome instanceof WebhookTransport.Refused refused ? "not posted: " + refused.reason() : null;
        if (responseStatus != null && responseStatus >= 200 && responseStatus < 300) {
            outbox.recordAttempt(due.id(), new WebhookOutbox.Attempt(at, responseStatus, null,
                    WebhookDelivery.Status.DELIVERED, null));
            return true;
        }
        Instant next = retryPolicy.nextAttempt(due.attempts() + 1, at).orElse(null);
        outbox.recordAttempt(due.id(), new WebhookOutbox.Attempt(at, responseStatus, error,
                next == null ? WebhookDelivery.Status.FAILED : WebhookDelivery.Status.PENDING, next));
        return false;
    }
}
