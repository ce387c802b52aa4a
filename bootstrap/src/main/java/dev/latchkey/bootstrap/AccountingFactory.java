package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.accounting.CountingUsage;
import dev.latchkey.adapter.out.accounting.HoneytokenAlerts;
import dev.latchkey.adapter.out.accounting.NewNetworkWatch;
import dev.latchkey.adapter.out.accounting.QueuedAuditLog;
import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.in.keys.AlertHoneytokenUses;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The audit trail, verification summaries and usage counts: written off the request path by their own threads, and
 * written out once more when the application stops (before the store closes: they depend on it).
 */
@Factory
class AccountingFactory {

    @Singleton
    @Bean(preDestroy = "close")
    QueuedAuditLog auditLog(AuditEventStore store, VerificationSummaryStore summaries,
                            HoneytokenPresentations honeytokens, MeterRegistry registry,
                            Clock clock, @Value("${latchkey.audit.queue-capacity:200000}") int capacity,
                            @Value("${latchkey.audit.flush-interval:500ms}") Duration flushInterval,
                            @Value("${latchkey.audit.retention:90d}") Duration retention) {
        QueuedAuditLog auditLog = new QueuedAuditLog(store, summaries, honeytokens::purgeBefore,
                new QueuedAuditLog.Settings(capacity,
                atMostOneSecond(flushInterval), 1_000, 5_000, retention, 5_000), registry, clock);
        auditLog.start();
        return auditLog;
    }

    /**
     * Verifications summarised per key, client address, outcome and minute, added to the store every
     * {@code latchkey.audit.flush-interval}; at most {@code latchkey.audit.max-summaries-per-minute} summaries of refused
     * verifications and {@code latchkey.audit.max-valid-summaries-per-minute} of valid ones a minute on this node, the
     * rest counted in overflow summaries. What is written goes on to the new-network alerts.
     */
    @Singleton
    @Bean(preDestroy = "close")
    SummarisedVerificationEvents verificationEvents(VerificationSummaryStore store, MeterRegistry registry,
            Clock clock, NewNetworkWatch newNetworks,
            @Value("${latchkey.audit.flush-interval:500ms}") Duration flushInterval,
            @Value("${latchkey.audit.max-summaries-per-minute:20000}") int maxSummariesPerMinute,
            @Value("${latchkey.audit.max-valid-summaries-per-minute:20000}") int maxValidSummariesPerMinute) {
        SummarisedVerificationEvents events = new SummarisedVerificationEvents(store,
                new SummarisedVerificationEvents.Settings(atMostOneSecond(flushInterval), maxSummariesPerMinute,
                        maxValidSummariesPerMinute), registry, clock, newNetworks);
        events.start();
        return events;
    }

    /**
     * Honeytokens' presentations, handed to the alert every {@code latchkey.audit.flush-interval}; at most 10,000 keys
     * and addresses wait between two flushes (docs/honeytokens.md).
     */
    @Singleton
    @Bean(preDestroy = "close")
    HoneytokenAlerts honeytokenAlerts(Provider<AlertHoneytokenUses> alerts, MeterRegistry registry,
                                      @Value("${latchkey.audit.flush-interval:500ms}") Duration flushInterval) {
        HoneytokenAlerts honeytokens = new HoneytokenAlerts(alerts::get,
                new HoneytokenAlerts.Settings(atMostOneSecond(flushInterval), 10_000), registry);
        honeytokens.start();
        return honeytokens;
    }

    private static Duration atMostOneSecond(Duration flushInterval) {
        if (flushInterval.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("latchkey.audit.flush-interval must be at most 1s (it bounds what a"
                    + " crash can lose); it is " + flushInterval);
        }
        return flushInterval;
    }

    @Singleton
    @Bean(preDestroy = "close")
    CountingUsage usage(UsageStore store, MeterRegistry registry, Clock clock,
                        @Value("${latchkey.usage.flush-interval:5s}") Duration flushInterval,
                        @Value("${latchkey.usage.retention.minute:7d}") Duration minutes,
                        @Value("${latchkey.usage.retention.hour:90d}") Duration hours,
                        @Value("${latchkey.usage.retention.day:730d}") Duration days) {
        CountingUsage usage = new CountingUsage(store,
                new CountingUsage.Settings(flushInterval, minutes, hours, days), registry, clock);
        usage.start();
        return usage;
    }
}
