package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.accounting.NewNetworkWatch;
import dev.latchkey.application.port.out.alerts.KeyNetworks;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.service.UseCases;
import dev.latchkey.application.service.alerts.NewNetworkAlerts;
import dev.latchkey.application.service.audit.ChangeAudit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * New-network alerts (docs/new-network-alerts.md): decided from the verification summaries as they are written
 * (AccountingFactory hands them to the watch), on a thread of their own, never on the request path. Built beside the
 * use cases, not among them: the summaries they read are part of the verification the use cases are built from.
 */
@Factory
class AlertsFactory {

    /** The alert's change, audit event and webhook event commit together, as every change's do. */
    @Singleton
    NewNetworkAlerts newNetworkAlerts(KeyNetworks networks, UseCases.Stores stores, WebhookOutbox outbox,
                                      SecureRandom random, Clock clock,
                                      @Value("${latchkey.alerts.network-memory:30d}") Duration networkMemory,
                                      @Value("${latchkey.alerts.max-networks-per-key:64}") int maxNetworksPerKey,
                                      @Value("${latchkey.alerts.max-keys-in-memory:100000}") int maxKeysInMemory) {
        return new NewNetworkAlerts(networks, stores.apiKeys(), new ChangeAudit(stores.auditLog(),
                stores.transactions(), stores.origins(), outbox, random),
                new NewNetworkAlerts.Settings(networkMemory, maxNetworksPerKey, maxKeysInMemory, 5_000), clock);
    }

    /**
     * Pending valid uses decided as often as summaries are written, at most as many as a minute has summaries of valid
     * uses; remembered networks purged every 10 minutes.
     */
    @Singleton
    @Bean(preDestroy = "close")
    NewNetworkWatch newNetworkWatch(NewNetworkAlerts alerts, MeterRegistry registry,
                                    @Value("${latchkey.audit.flush-interval:500ms}") Duration flushInterval,
                                    @Value("${latchkey.audit.max-valid-summaries-per-minute:20000}") int maxPending) {
        NewNetworkWatch watch = new NewNetworkWatch(alerts,
                new NewNetworkWatch.Settings(flushInterval, maxPending, Duration.ofMinutes(10)), registry);
        watch.start();
        return watch;
    }
}
