package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.webhook.WebhookDelivery;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookEventType;
import dev.latchkey.domain.webhook.WebhookId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every implementation of the {@link WebhookEndpoints}, {@link WebhookOutbox} and {@link Leases} ports must do. */
public abstract class WebhooksContract extends OnEmptyStores {

    private static final Instant T0 = Fixtures.T0;
    private final Random random = new Random(7);

    private WebhookEndpoint endpoint(String url, Instant at, WebhookEventType... events) {
        WebhookEndpoint endpoint = WebhookEndpoint.register(url, Set.of(events), at, random);
        stores.webhookEndpoints().add(endpoint);
        return endpoint;
    }

    private WebhookEvent event(WebhookEventType type, Instant at) {
        WebhookEvent event = WebhookEvent.of(type, at, new KeyId("AbCdEfGh1234"), UserId.generate(at, random),
                Map.of("name", "ci \"quoted\" é"), random);
        stores.webhookOutbox().append(event);
        return event;
    }

    @Test
    void storesEndpointsWithTheirSecretsAndListsThemOldestFirst() {
        WebhookEndpoint second = endpoint("https://hooks.example.com/b?x=1", T0.plusSeconds(1),
                WebhookEventType.KEY_REVOKED);
        WebhookEndpoint first = endpoint("http://127.0.0.1:9000/a", T0, WebhookEventType.values());

        assertThat(stores.webhookEndpoints().all()).containsExactly(first, second);
        WebhookEndpoint found = stores.webhookEndpoints().findById(second.id()).orElseThrow();
        assertThat(found.secret()).isEqualTo(second.secret());
        assertThat(found.url().toString()).isEqualTo("https://hooks.example.com/b?x=1");
        assertThat(found.events()).containsExactly(WebhookEventType.KEY_REVOKED);
        assertThat(stores.webhookEndpoints().findById(WebhookId.generate(T0, random))).isEmpty();
    }

    @Test
    void anEventIsHandedOutOnceToTheEndpointsNamedAndItsDeliveriesAreDueAtOnce() {
        WebhookEndpoint a = endpoint("https://a.example.com/", T0, WebhookEventType.KEY_REVOKED);
        WebhookEndpoint b = endpoint("https://b.example.com/", T0, WebhookEventType.KEY_REVOKED);
        WebhookEvent revoked = event(WebhookEventType.KEY_REVOKED, T0);
        WebhookEvent issued = event(WebhookEventType.KEY_ISSUED, T0.plusSeconds(1));

        List<WebhookOutbox.NewEvent> fresh = stores.webhookOutbox().undispatched(10);
        assertThat(fresh).containsExactly(new WebhookOutbox.NewEvent(revoked.id(), WebhookEventType.KEY_REVOKED),
                new WebhookOutbox.NewEvent(issued.id(), WebhookEventType.KEY_ISSUED));
        stores.webhookOutbox().dispatch(fresh.get(0), List.of(a.id(), b.id()), T0.plusSeconds(2));
        // a second pass: nothing more
        stores.webhookOutbox().dispatch(fresh.get(0), List.of(a.id(), b.id()), T0.plusSeconds(3));
        stores.webhookOutbox().dispatch(fresh.get(1), List.of(), T0.plusSeconds(2)); // nobody wants it

        assertThat(stores.webhookOutbox().undispatched(10)).isEmpty();
        List<WebhookOutbox.DueDelivery> due = stores.webhookOutbox().due(T0.plusSeconds(2), 10);
        assertThat(due).extracting(delivery -> delivery.endpoint().id()).containsExactly(a.id(), b.id());
        assertThat(due).allSatisfy(delivery -> {
            assertThat(delivery.eventId()).isEqualTo(revoked.id());
            assertThat(delivery.body()).isEqualTo(revoked.body());
            assertThat(delivery.attempts()).isZero();
            assertThat(delivery.endpoint().secret()).startsWith("whsec_");
        });
        assertThat(stores.webhookOutbox().due(T0.plusSeconds(1), 10)).as("not due before it was handed out").isEmpty();
    }

    @Test
    void attemptsAreCountedAndAFailedOneIsDueAgainOnlyWhenItsRetryComes() {
        WebhookEndpoint a = endpoint("https://a.example.com/", T0, WebhookEventType.KEY_ISSUED);
        event(WebhookEventType.KEY_ISSUED, T0);
        stores.webhookOutbox().dispatch(stores.webhookOutbox().undispatched(1).get(0), List.of(a.id()), T0);
        long id = stores.webhookOutbox().due(T0, 1).get(0).id();

        stores.webhookOutbox().recordAttempt(id, new WebhookOutbox.Attempt(T0.plusSeconds(1), null, null,
                WebhookDelivery.Status.PENDING, T0.plusSeconds(6)));
        assertThat(stores.webhookOutbox().due(T0.plusSeconds(5), 10)).isEmpty();
        assertThat(stores.webhookOutbox().due(T0.plusSeconds(6), 10)).extracting(WebhookOutbox.DueDelivery::attempts)
                .containsExactly(1);
        stores.webhookOutbox().recordAttempt(id, new WebhookOutbox.Attempt(T0.plusSeconds(7), 204, null,
                WebhookDelivery.Status.DELIVERED, null));

        assertThat(stores.webhookOutbox().due(T0.plusSeconds(3600), 10)).isEmpty();
        WebhookDelivery logged = stores.webhookOutbox().deliveriesOf(a.id(), Optional.empty(), 10).get(0);
        assertThat(logged.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
        assertThat(logged.attempts()).isEqualTo(2);
        assertThat(logged.lastResponseStatus()).isEqualTo(204);
        assertThat(logged.lastAttemptAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(logged.eventType()).isEqualTo(WebhookEventType.KEY_ISSUED);
        assertThat(logged.createdAt()).isEqualTo(T0);
        assertThat(logged.lastError()).isNull();
    }

    @Test
    void aDeliveryBeingPostedIsClaimedOnceUntilItsClaimRunsOutOrItsAttemptIsRecorded() {
        WebhookEndpoint a = endpoint("https://a.example.com/", T0, WebhookEventType.KEY_ISSUED);
        event(WebhookEventType.KEY_ISSUED, T0);
        stores.webhookOutbox().dispatch(stores.webhookOutbox().undispatched(1).get(0), List.of(a.id()), T0);
        WebhookOutbox.DueDelivery due = stores.webhookOutbox().due(T0, 1).get(0);

        assertThat(stores.webhookOutbox().claim(due, T0, T0.plusSeconds(60))).isTrue();
        assertThat(stores.webhookOutbox().claim(due, T0.plusSeconds(1), T0.plusSeconds(61))).as("another node")
                .isFalse();
        assertThat(stores.webhookOutbox().due(T0.plusSeconds(59), 10)).as("claimed: not due to anyone else").isEmpty();

        // the node that claimed it died mid-post: its claim runs out, and another node takes the delivery over
        WebhookOutbox.DueDelivery again = stores.webhookOutbox().due(T0.plusSeconds(60), 10).get(0);
        assertThat(again.id()).isEqualTo(due.id());
        assertThat(again.attempts()).isZero();
        assertThat(stores.webhookOutbox().claim(again, T0.plusSeconds(60), T0.plusSeconds(120))).isTrue();
        assertThat(stores.webhookOutbox().claim(again, T0.plusSeconds(61), T0.plusSeconds(121))).isFalse();

        stores.webhookOutbox().recordAttempt(due.id(), new WebhookOutbox.Attempt(T0.plusSeconds(62), null,
                "not posted: 127.0.0.1 is a loopback address", WebhookDelivery.Status.PENDING, T0.plusSeconds(70)));
        assertThat(stores.webhookOutbox().due(T0.plusSeconds(69), 10)).isEmpty();
        assertThat(stores.webhookOutbox().claim(again, T0.plusSeconds(70), T0.plusSeconds(130)))
                .as("read before the attempt was recorded: stale").isFalse();
        WebhookOutbox.DueDelivery retry = stores.webhookOutbox().due(T0.plusSeconds(70), 10).get(0);
        assertThat(retry.attempts()).isEqualTo(1);
        assertThat(stores.webhookOutbox().claim(retry, T0.plusSeconds(70), T0.plusSeconds(130)))
                .as("the attempt ended the claim")
                .isTrue();
        WebhookDelivery logged = stores.webhookOutbox().deliveriesOf(a.id(), Optional.empty(), 10).get(0);
        assertThat(logged.lastError()).isEqualTo("not posted: 127.0.0.1 is a loopback address");
        assertThat(logged.lastResponseStatus()).isNull();

        stores.webhookOutbox().recordAttempt(due.id(), new WebhookOutbox.Attempt(T0.plusSeconds(71), 204, null,
                WebhookDelivery.Status.DELIVERED, null));
        assertThat(stores.webhookOutbox().claim(retry, T0.plusSeconds(200), T0.plusSeconds(260))).as("delivered")
                .isFalse();
        assertThat(stores.webhookOutbox().deliveriesOf(a.id(), Optional.empty(), 10).get(0).lastError()).isNull();
    }

    @Test
    void ofNodesClaimingTheSameDeliveriesAtOnceEachDeliveryGoesToOne() throws Exception {
        WebhookEndpoint a = endpoint("https://a.example.com/", T0, WebhookEventType.KEY_ISSUED);
        for (int i = 0; i < 20; i++) {
            event(WebhookEventType.KEY_ISSUED, T0);
        }
        stores.webhookOutbox().undispatched(100)
                .forEach(event -> stores.webhookOutbox().dispatch(event, List.of(a.id()), T0));
        List<WebhookOutbox.DueDelivery> due = stores.webhookOutbox().due(T0, 100);
        assertThat(due).hasSize(20);
        java.util.Map<Long, Integer> takers = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);

        SeveralNodes.atOnce(4, node -> {
            start.await();
            for (WebhookOutbox.DueDelivery delivery : due) {
                if (stores.webhookOutbox().claim(delivery, T0.plusSeconds(1), T0.plusSeconds(61))) {
                    takers.merge(delivery.id(), 1, Integer::sum);
                }
            }
        });

        assertThat(takers).hasSize(20).allSatisfy((id, claims) -> assertThat(claims).as("delivery " + id)
                .isEqualTo(1));
    }

    @Test
    void theDeliveryLogIsNewestFirstAPageAtATimeAndGoesWithItsEndpoint() {
        WebhookEndpoint a = endpoint("https://a.example.com/", T0, WebhookEventType.KEY_ISSUED);
        WebhookEndpoint b = endpoint("https://b.example.com/", T0, WebhookEventType.KEY_ISSUED);
        for (int i = 0; i < 5; i++) {
            event(WebhookEventType.KEY_ISSUED, T0.plusSeconds(i));
        }
        stores.webhookOutbox().undispatched(10)
                .forEach(event -> stores.webhookOutbox().dispatch(event, List.of(a.id(), b.id()), T0));

        List<WebhookDelivery> firstPage = stores.webhookOutbox().deliveriesOf(a.id(), Optional.empty(), 3);
        List<WebhookDelivery> secondPage = stores.webhookOutbox()
                .deliveriesOf(a.id(), Optional.of(firstPage.get(2).id()), 3);

        assertThat(firstPage).hasSize(3).allMatch(delivery -> delivery.endpointId().equals(a.id()));
        assertThat(firstPage.get(0).id()).isGreaterThan(firstPage.get(1).id());
        assertThat(secondPage).hasSize(2);
        assertThat(secondPage.get(0).id()).isLessThan(firstPage.get(2).id());
        assertThat(stores.webhookEndpoints().delete(a.id())).isTrue();
        assertThat(stores.webhookEndpoints().delete(a.id())).isFalse();
        assertThat(stores.webhookOutbox().deliveriesOf(a.id(), Optional.empty(), 10)).isEmpty();
        assertThat(stores.webhookOutbox().due(T0, 100)).hasSize(5)
                .allMatch(delivery -> delivery.endpoint().id().equals(b.id()));
    }

    @Test
    void thePurgeTakesOldFinishedDeliveriesAndTheirEventsAndKeepsWhatIsPending() {
        WebhookEndpoint a = endpoint("https://a.example.com/", T0, WebhookEventType.KEY_ISSUED);
        event(WebhookEventType.KEY_ISSUED, T0);
        event(WebhookEventType.KEY_ISSUED, T0);
        event(WebhookEventType.KEY_ISSUED, T0.plusSeconds(100));
        stores.webhookOutbox().undispatched(10)
                .forEach(event -> stores.webhookOutbox().dispatch(event, List.of(a.id()), T0));
        List<WebhookOutbox.DueDelivery> due = stores.webhookOutbox().due(T0, 10);
        stores.webhookOutbox().recordAttempt(due.get(0).id(), new WebhookOutbox.Attempt(T0, 200, null,
                WebhookDelivery.Status.DELIVERED, null));
        stores.webhookOutbox().recordAttempt(due.get(2).id(), new WebhookOutbox.Attempt(T0, 200, null,
                WebhookDelivery.Status.DELIVERED, null)); // the newer event's: its event is too recent to go

        int purged = stores.webhookOutbox().purgeBefore(T0.plusSeconds(50), 100);

        assertThat(purged).as("two deliveries, one event").isEqualTo(3);
        assertThat(stores.webhookOutbox().deliveriesOf(a.id(), Optional.empty(), 10)).extracting(WebhookDelivery::id)
                .containsExactly(due.get(1).id());
        assertThat(stores.webhookOutbox().due(T0, 10)).extracting(WebhookOutbox.DueDelivery::id)
                .as("the pending one, body and all")
                .containsExactly(due.get(1).id());
        assertThat(stores.webhookOutbox().purgeBefore(T0.plusSeconds(50), 100)).isZero();
    }

    @Test
    void aLeaseHasOneHolderUntilItExpires() {
        Duration ttl = Duration.ofSeconds(10);

        assertThat(stores.leases().hold("scheduler", "node-a", T0, ttl)).isTrue();
        assertThat(stores.leases().hold("scheduler", "node-b", T0.plusSeconds(5), ttl)).isFalse();
        assertThat(stores.leases().hold("scheduler", "node-a", T0.plusSeconds(9), ttl)).as("renewed").isTrue();
        assertThat(stores.leases().hold("scheduler", "node-b", T0.plusSeconds(15), ttl)).isFalse();
        assertThat(stores.leases().hold("scheduler", "node-b", T0.plusSeconds(20), ttl)).as("expired").isTrue();
        assertThat(stores.leases().hold("scheduler", "node-a", T0.plusSeconds(21), ttl)).isFalse();
    }
}
