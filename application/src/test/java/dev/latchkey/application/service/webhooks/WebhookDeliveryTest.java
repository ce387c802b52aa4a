package dev.latchkey.application.service.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.port.out.webhooks.WebhookTransport;
import dev.latchkey.application.testing.TestClock;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.webhook.WebhookDelivery;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEventType;
import dev.latchkey.domain.webhook.WebhookId;
import dev.latchkey.domain.webhook.WebhookRetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The worker's side of the network rules and the claims: a refused target is a failed attempt that says why and is
 * not posted, a refused URL is not registered, and a delivery one node is posting is not posted by another until the
 * claim runs out.
 */
class WebhookDeliveryTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration CLAIM = Duration.ofMinutes(1);

    /** One store of endpoints and deliveries, as the nodes of a cluster share it; claims as the stores keep them. */
    private static final class SharedStore implements WebhookEndpoints, WebhookOutbox {
        final Map<WebhookId, WebhookEndpoint> endpoints = new LinkedHashMap<>();
        final Map<Long, DueDelivery> pending = new LinkedHashMap<>();
        final Map<Long, Instant> claims = new HashMap<>();
        final List<Attempt> attempts = new ArrayList<>();

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
            return List.copyOf(endpoints.values());
        }

        @Override
        public synchronized boolean delete(WebhookId id) {
            return endpoints.remove(id) != null;
        }

        @Override
        public void append(dev.latchkey.domain.webhook.WebhookEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<NewEvent> undispatched(int limit) {
            return List.of();
        }

        @Override
        public void dispatch(NewEvent event, List<WebhookId> endpoints, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized List<DueDelivery> due(Instant now, int limit) {
            return pending.values().stream().filter(due -> !claims.getOrDefault(due.id(), Instant.MIN).isAfter(now))
                    .limit(limit).toList();
        }

        @Override
        public synchronized boolean claim(DueDelivery delivery, Instant now, Instant until) {
            if (!pending.containsKey(delivery.id()) || claims.getOrDefault(delivery.id(), Instant.MIN).isAfter(now)) {
                return false;
            }
            claims.put(delivery.id(), until);
            return true;
        }

        @Override
        public synchronized void recordAttempt(long deliveryId, Attempt attempt) {
            attempts.add(attempt);
            claims.remove(deliveryId);
            if (attempt.status() != WebhookDelivery.Status.PENDING) {
                pending.remove(deliveryId);
            }
        }

        @Override
        public List<WebhookDelivery> deliveriesOf(WebhookId endpoint, Optional<Long> beforeId, int limit) {
            return List.of();
        }

        @Override
        public int purgeBefore(Instant before, int batch) {
            return 0;
        }
    }

    private final SharedStore store = new SharedStore();
    private final TestClock clock = new TestClock(T0);

    private WebhookService node(WebhookTransport transport) {
        return new WebhookService(store, store, transport, WebhookRetryPolicy.DEFAULT, Duration.ofDays(30), CLAIM,
                clock, new Random(1));
    }

    private void aDueDeliveryTo(String url) {
        WebhookEndpoint endpoint = WebhookEndpoint.register(url, Set.of(WebhookEventType.KEY_ISSUED), T0, new Random(2));
        store.add(endpoint);
        store.pending.put(1L, new WebhookOutbox.DueDelivery(1L, endpoint, "msg_1", "{}", 0));
    }

    /** A transport whose rules refuse one host, and that counts its posts. */
    private static class RefusingTransport implements WebhookTransport {
        final AtomicInteger posts = new AtomicInteger();

        @Override
        public Optional<String> refusal(URI url) {
            return url.getHost().equals("internal.test")
                    ? Optional.of("internal.test resolves to a refused address: 10.0.0.5 is a private address")
                    : Optional.empty();
        }

        @Override
        public Outcome post(URI url, Map<String, String> headers, String body) {
            Optional<String> refused = refusal(url);
            if (refused.isPresent()) {
                return new Refused(refused.get());
            }
            posts.incrementAndGet();
            return new Answered(204);
        }
    }

    @Test
    void aUrlTheRulesRefuseIsAnInvalidUrlAndIsNotRegistered() {
        WebhookService service = node(new RefusingTransport());

        assertThatThrownBy(() -> service.register("https://internal.test/in", Set.of(WebhookEventType.KEY_ISSUED)))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("url"))
                .hasMessageContaining("10.0.0.5 is a private address")
                .hasMessageContaining("latchkey.webhooks.allowed-networks");
        assertThat(store.all()).isEmpty();
        assertThat(service.register("https://hooks.example.com/in", Set.of(WebhookEventType.KEY_ISSUED)).url())
                .hasToString("https://hooks.example.com/in");
    }

    @Test
    void aDeliveryTheRulesRefuseIsAFailedAttemptThatSaysWhyAndIsNotPosted() {
        RefusingTransport transport = new RefusingTransport();
        aDueDeliveryTo("https://internal.test/in");

        DispatchWebhooks.Pass pass = node(transport).runOnce(10);

        assertThat(pass.attempts()).isEqualTo(1);
        assertThat(pass.delivered()).isZero();
        assertThat(transport.posts).hasValue(0);
        assertThat(store.attempts).singleElement().satisfies(attempt -> {
            assertThat(attempt.responseStatus()).isNull();
            assertThat(attempt.error()).isEqualTo(
                    "not posted: internal.test resolves to a refused address: 10.0.0.5 is a private address");
            assertThat(attempt.status()).isEqualTo(WebhookDelivery.Status.PENDING);
            assertThat(attempt.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
        });
    }

    @Test
    void aDeliveryOneNodeIsPostingIsNotPostedByAnotherUntilItsClaimRunsOut() throws Exception {
        aDueDeliveryTo("https://hooks.example.com/in");
        CountDownLatch posting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stuckPosts = new AtomicInteger();
        WebhookTransport stuck = new RefusingTransport() {
            @Override
            public Outcome post(URI url, Map<String, String> headers, String body) {
                stuckPosts.incrementAndGet();
                posting.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new NoAnswer("timed out after 5000 ms");
            }
        };
        RefusingTransport healthy = new RefusingTransport();

        CompletableFuture<DispatchWebhooks.Pass> first = CompletableFuture.supplyAsync(() -> node(stuck).runOnce(10));
        assertThat(posting.await(1, TimeUnit.MINUTES)).isTrue();
        DispatchWebhooks.Pass second = node(healthy).runOnce(10);

        assertThat(second.attempts()).as("claimed by the first node").isZero();
        clock.advance(CLAIM); // the first node is as good as dead: its claim runs out
        DispatchWebhooks.Pass takeover = node(healthy).runOnce(10);
        assertThat(takeover.delivered()).isEqualTo(1);
        release.countDown();
        first.get(1, TimeUnit.MINUTES);
        assertThat(stuckPosts).as("the stuck node posted once").hasValue(1);
        assertThat(healthy.posts).as("the other node posted once, after the claim ran out").hasValue(1);
    }
}
