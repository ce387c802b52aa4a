package dev.latchkey.adapter.out.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tick of the worker attempts at most latchkey.webhooks.max-deliveries-per-tick deliveries, whatever is due. */
class WebhookWorkerTest {

    /** A backlog of due deliveries; each pass attempts as many as it is allowed, at most 7 (its read's size). */
    private static final class Backlog implements DispatchWebhooks {
        int due;
        final List<Integer> allowed = new ArrayList<>();

        Backlog(int due) {
            this.due = due;
        }

        @Override
        public Pass runOnce(int maxAttempts) {
            allowed.add(maxAttempts);
            int attempts = Math.min(Math.min(maxAttempts, 7), due);
            due -= attempts;
            return new Pass(0, attempts, attempts);
        }

        @Override
        public int purge() {
            return 0;
        }
    }

    private static WebhookWorker worker(DispatchWebhooks dispatcher, int maxDeliveriesPerTick) {
        return new WebhookWorker(dispatcher, () -> 0, (name, holder, now, ttl) -> true,
                Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC), Duration.ofSeconds(1),
                Duration.ofSeconds(15), Duration.ofMinutes(1), maxDeliveriesPerTick);
    }

    @Test
    void aTickAttemptsNoMoreThanItsCapAndLeavesTheRestForTheNext() {
        Backlog backlog = new Backlog(1_000);
        WebhookWorker worker = worker(backlog, 20);

        worker.tick();

        assertThat(backlog.due).as("20 attempted").isEqualTo(980);
        assertThat(backlog.allowed).containsExactly(20, 13, 6);
        worker.tick();
        assertThat(backlog.due).isEqualTo(960);
    }

    @Test
    void aTickStopsWhenNothingIsLeft() {
        Backlog backlog = new Backlog(3);

        worker(backlog, 20).tick();

        assertThat(backlog.due).isZero();
        assertThat(backlog.allowed).containsExactly(20, 17);
    }

    @Test
    void theCapIsAtLeastOne() {
        assertThatThrownBy(() -> worker(new Backlog(1), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latchkey.webhooks.max-deliveries-per-tick");
    }
}
