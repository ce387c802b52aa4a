package dev.latchkey.adapter.out.webhook;

import dev.latchkey.adapter.out.persistence.ConnectionLane;
import dev.latchkey.application.port.in.keys.ScanKeyLifecycle;
import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the webhook worker every {@code latchkey.webhooks.poll-interval} (1 s) and the lifecycle scheduler every
 * {@code latchkey.webhooks.scan-interval} (1 min, with the purge of deliveries and events older than
 * {@code latchkey.webhooks.retention}), on the node that holds the {@code scheduler} lease in the store
 * (renewed each time; another node takes over once it has lapsed for {@code latchkey.webhooks.lease} after this one
 * stops). A worker pass that found work is followed by another at once, up to 10, and a tick attempts at most
 * {@code latchkey.webhooks.max-deliveries-per-tick} (20) deliveries, each bounded by {@code latchkey.webhooks.timeout}:
 * a tick's work is bounded, and what is left is due at the next. An unavailable store is tried
 * again at the next tick without a word (the store's breaker says it once, and nothing here waits in memory); any
 * other failure is logged once a minute. Started ({@link #start}) and stopped ({@link #stop}) with the application,
 * which reads the settings.
 */
public final class WebhookWorker {

    static final String LEASE = "scheduler";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
    private static final int PASSES_PER_TICK = 10;

    private final DispatchWebhooks dispatcher;
    private final ScanKeyLifecycle lifecycle;
    private final Leases leases;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration leaseTime;
    private final Duration scanInterval;
    private final int maxDeliveriesPerTick;
    private Instant lastScan = Instant.EPOCH;
    private final String holder = holderName();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            ConnectionLane.BACKGROUND.threads("latchkey-webhooks"));
    private volatile Instant lastWarning = Instant.EPOCH;

    public WebhookWorker(DispatchWebhooks dispatcher, ScanKeyLifecycle lifecycle, Leases leases, Clock clock,
                         Duration pollInterval, Duration leaseTime, Duration scanInterval, int maxDeliveriesPerTick) {
        if (maxDeliveriesPerTick < 1) {
            throw new IllegalArgumentException("latchkey.webhooks.max-deliveries-per-tick must be at least 1");
        }
        this.maxDeliveriesPerTick = maxDeliveriesPerTick;
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
        this.scanInterval = scanInterval;
        this.leases = leases;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.leaseTime = leaseTime;
    }

    /** Ticks every poll interval, the first one poll interval from now. */
    public void start() {
        ticker.scheduleWithFixedDelay(this::tick, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            Instant now = clock.instant();
            if (!leases.hold(LEASE, holder, now, leaseTime)) {
                return;
            }
            if (!now.isBefore(lastScan.plus(scanInterval))) {
                lastScan = now;
                lifecycle.runOnce();
                dispatcher.purge();
            }
            int attemptsLeft = maxDeliveriesPerTick;
            for (int pass = 0; pass < PASSES_PER_TICK && attemptsLeft > 0; pass++) {
                DispatchWebhooks.Pass done = dispatcher.runOnce(attemptsLeft);
                attemptsLeft -= done.attempts();
                if (done.eventsDispatched() == 0 && done.attempts() == 0) {
                    return;
                }
            }
        } catch (StoreUnavailable e) {
            // the store's own breaker reports the outage once; the worker keeps nothing in memory to lose
            LOG.debug("webhook worker: the store is unavailable; trying again every {}", pollInterval);
        } catch (RuntimeException e) {
            Instant now = clock.instant();
            if (now.isAfter(lastWarning.plusSeconds(60))) {
                lastWarning = now;
                LOG.warn("webhook worker: pass failed ({}); trying again every {}", e.getClass().getSimpleName(),
                        pollInterval);
            }
        }
    }

    public void stop() {
        ticker.shutdownNow();
    }

    /** This process among the nodes: host and a random part (two processes on one host differ). */
    private static String holderName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        String name = host + "/" + UUID.randomUUID().toString().substring(0, 8);
        return name.length() > 64 ? name.substring(name.length() - 64) : name;
    }
}
