package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.webhook.WebhookWorker;
import dev.latchkey.application.port.in.keys.ScanKeyLifecycle;
import dev.latchkey.application.port.in.webhooks.DispatchWebhooks;
import dev.latchkey.application.port.out.store.Leases;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import java.time.Clock;
import java.time.Duration;

/**
 * The webhook worker and lifecycle scheduler, configured from {@code latchkey.webhooks.*}: started with the
 * application (unless {@code latchkey.webhooks.enabled} is false, or the process only migrates), stopped with it.
 */
@Factory
class WebhookWorkerFactory {

    @Context
    @Requires(property = "latchkey.webhooks.enabled", notEquals = "false")
    @Requires(notEnv = LatchkeyCommand.MIGRATE_ENVIRONMENT)
    @Bean(preDestroy = "stop")
    WebhookWorker webhookWorker(DispatchWebhooks dispatcher, ScanKeyLifecycle lifecycle, Leases leases, Clock clock,
                                @Value("${latchkey.webhooks.poll-interval:1s}") Duration pollInterval,
                                @Value("${latchkey.webhooks.lease:15s}") Duration leaseTime,
                                @Value("${latchkey.webhooks.scan-interval:1m}") Duration scanInterval,
                                @Value("${latchkey.webhooks.max-deliveries-per-tick:20}") int maxDeliveriesPerTick) {
        WebhookWorker worker = new WebhookWorker(dispatcher, lifecycle, leases, clock, pollInterval, leaseTime,
                scanInterval, maxDeliveriesPerTick);
        worker.start();
        return worker;
    }
}
