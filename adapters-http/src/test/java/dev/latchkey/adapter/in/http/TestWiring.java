package dev.latchkey.adapter.in.http;

import dev.latchkey.adapter.out.accounting.CountingUsage;
import dev.latchkey.adapter.out.accounting.HoneytokenAlerts;
import dev.latchkey.adapter.out.accounting.NewNetworkWatch;
import dev.latchkey.adapter.out.accounting.QueuedAuditLog;
import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import dev.latchkey.adapter.out.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.cache.EvictingApiKeys;
import dev.latchkey.adapter.out.cache.EvictingTransactions;
import dev.latchkey.adapter.out.cache.EvictingUsers;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.adapter.out.limits.InMemoryFailureCounter;
import dev.latchkey.adapter.out.limits.InMemoryRateLimiter;
import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.in.keys.AlertHoneytokenUses;
import dev.latchkey.application.port.in.verification.ExplainVerdict;
import dev.latchkey.application.port.in.verification.ThrottleFailedAuthentications;
import dev.latchkey.application.port.out.alerts.KeyNetworks;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.audit.RequestOrigins;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.usage.UsageCounts;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.port.out.webhooks.WebhookTransport;
import dev.latchkey.application.service.UseCases;
import dev.latchkey.application.service.alerts.NewNetworkAlerts;
import dev.latchkey.application.service.audit.AuditChainVerification;
import dev.latchkey.application.service.audit.AuditService;
import dev.latchkey.application.service.audit.ChangeAudit;
import dev.latchkey.application.service.keys.ApiKeyService;
import dev.latchkey.application.service.keys.LifecycleNotices;
import dev.latchkey.application.service.leaks.LeakService;
import dev.latchkey.application.service.usage.UsageService;
import dev.latchkey.application.service.users.UserService;
import dev.latchkey.application.service.verification.VerificationService;
import dev.latchkey.application.service.webhooks.WebhookService;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.leak.LeakOutcome;
import dev.latchkey.domain.verification.KeyVerifier;
import dev.latchkey.domain.webhook.WebhookRetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/** The use cases over the in-memory store, with a clock the tests move: the HTTP adapter's surroundings. */
@Factory
class TestWiring {

    /** A clock that follows real time plus whatever the test added. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Singleton
    MovableClock clock() {
        return new MovableClock();
    }

    @Singleton
    SecretHasher hasher() {
        return new SecretHasher("http-test-pepper-0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
    }

    /** The verification cache as the service runs it, so that hits are answered on the event loop here too. */
    @Singleton
    VerificationCache verificationCache() {
        return new VerificationCache(new VerificationCache.Settings(10_000, Duration.ofSeconds(1), Duration.ZERO, 100),
                false, new SimpleMeterRegistry(), System::nanoTime);
    }

    @Singleton
    @Bean(preDestroy = "close")
    QueuedAuditLog auditLog(AuditEventStore events, VerificationSummaryStore summaries, MovableClock clock) {
        QueuedAuditLog auditLog = new QueuedAuditLog(events, summaries,
                new QueuedAuditLog.Settings(100_000, Duration.ofMillis(50), 1_000, 1_000, Duration.ofDays(90), 1_000),
                new SimpleMeterRegistry(), clock);
        auditLog.start();
        return auditLog;
    }

    /** The audit chain of the in-memory store, verified as the service does. */
    @Singleton
    VerifyAuditChain verifyAuditChain(AuditChainLinks chain, SummaryChainLinks summaries) {
        return new AuditChainVerification(chain, summaries);
    }

    /** Summaries written every 50 ms, so that a test sees verifications in the trail soon. */
    @Singleton
    @Bean(preDestroy = "close")
    SummarisedVerificationEvents verificationEvents(VerificationSummaryStore summaries, MovableClock clock,
            NewNetworkWatch newNetworks,
            @Value("${latchkey.audit.max-summaries-per-minute:100000}") int maxSummariesPerMinute,
            @Value("${latchkey.audit.max-valid-summaries-per-minute:100000}") int maxValidSummariesPerMinute) {
        SummarisedVerificationEvents events = new SummarisedVerificationEvents(summaries,
                new SummarisedVerificationEvents.Settings(Duration.ofMillis(50), maxSummariesPerMinute,
                        maxValidSummariesPerMinute), new SimpleMeterRegistry(), clock, newNetworks);
        events.start();
        return events;
    }

    /** New-network alerts as the service wires them (AlertsFactory). */
    @Singleton
    NewNetworkAlerts newNetworkAlerts(KeyNetworks networks, UseCases.Stores stores, WebhookOutbox outbox,
                                      MovableClock clock,
                                      @Value("${latchkey.alerts.network-memory:30d}") Duration networkMemory,
                                      @Value("${latchkey.alerts.max-networks-per-key:64}") int maxNetworksPerKey) {
        return new NewNetworkAlerts(networks, stores.apiKeys(), new ChangeAudit(stores.auditLog(),
                stores.transactions(), stores.origins(), outbox, new SecureRandom()),
                new NewNetworkAlerts.Settings(networkMemory, maxNetworksPerKey, 10_000, 1_000), clock);
    }

    /** Not started: pending uses are decided when a test calls {@code decide()}, so that it knows when they were. */
    @Singleton
    @Bean(preDestroy = "close")
    NewNetworkWatch newNetworkWatch(NewNetworkAlerts alerts) {
        return new NewNetworkWatch(alerts,
                new NewNetworkWatch.Settings(Duration.ofMillis(50), 100_000, Duration.ofMinutes(10)),
                new SimpleMeterRegistry());
    }

    @Singleton
    @Bean(preDestroy = "close")
    CountingUsage usage(UsageStore counts, MovableClock clock) {
        CountingUsage usage = new CountingUsage(counts, new CountingUsage.Settings(
                Duration.ofMillis(200), Duration.ofDays(7), Duration.ofDays(90), Duration.ofDays(730)),
                new SimpleMeterRegistry(), clock);
        usage.start();
        return usage;
    }

    /** Honeytokens' presentations handed to the alert every 50 ms. */
    @Singleton
    @Bean(preDestroy = "close")
    HoneytokenAlerts honeytokenAlerts(jakarta.inject.Provider<AlertHoneytokenUses> alerts) {
        HoneytokenAlerts honeytokens = new HoneytokenAlerts(alerts::get,
                new HoneytokenAlerts.Settings(Duration.ofMillis(50), 10_000), new SimpleMeterRegistry());
        honeytokens.start();
        return honeytokens;
    }

    @Singleton
    AlertHoneytokenUses alertHoneytokenUses(UseCases useCases, HoneytokenPresentations presentations) {
        return useCases.honeytokenAlerts(presentations);
    }

    /** As the service wires it: the cache evicts what a change touched once it has committed. */
    @Singleton
    UseCases.Stores stores(Users users, ApiKeys keys, Transactions transactions, VerificationCache cache,
                           QueuedAuditLog auditLog, RequestOrigins origins, KeyNotices notices, CountingUsage usage) {
        return new UseCases.Stores(new EvictingUsers(users, cache), new EvictingApiKeys(keys, cache),
                new EvictingTransactions(transactions, cache), auditLog, origins, notices, usage);
    }

    /** Every verification event of the tests' servers, as the service hands them on (a test finds its own). */
    static final List<dev.latchkey.domain.verification.VerificationEvent> VERIFICATION_EVENTS =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Verification as the service wires it: events recorded as audit rows, misses read on the blocking pool; failed
     * authentications throttled as configured (a million by default: only the throttling tests reach it).
     */
    @Singleton
    UseCases.Verification verification(ApiKeys keys, VerifiableKeys verifiableKeys, UsageQuotas quotas,
                                       RateLimiter rateLimiter, VerificationCache cache,
                                       SummarisedVerificationEvents verificationEvents, CountingUsage usage,
                                       HoneytokenAlerts honeytokens,
                                       @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                                       @Value("${latchkey.throttle.max-failures:1000000}") int maxFailures,
                                       @Value("${latchkey.throttle.window:5m}") Duration window) {
        return new UseCases.Verification(new CachingVerifiableKeys(verifiableKeys, cache),
                new VerificationService.Limits(rateLimiter, quotas),
                new VerificationService.Accounting((id, at) -> keys.recordUses(Map.of(id, at)), event -> {
                    VERIFICATION_EVENTS.add(event);
                    verificationEvents.record(event);
                    honeytokens.record(event);
                }, usage), blocking, new InMemoryFailureCounter(maxFailures, window, 100_000));
    }

    /** Retries 10 s, 20 s, 40 s apart, 4 attempts in all: a test moves the clock past them. */
    @Singleton
    UseCases.Webhooks webhooks(WebhookEndpoints endpoints, WebhookOutbox outbox, WebhookTransport transport) {
        return new UseCases.Webhooks(endpoints, outbox, transport,
                new WebhookRetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1), 4), Duration.ofDays(30),
                Duration.ofMinutes(1));
    }

    /**
     * Leak reports revoke, unless latchkey.leaks.action says flag; key.expiring 7 and 1 days ahead, key.expired for a
     * day, key.usage_low below 3 uses.
     */
    @Singleton
    UseCases.Settings settings(@Value("${latchkey.leaks.action:revoke}") String action) {
        return new UseCases.Settings(KeyPrefix.DEFAULT, Duration.ofDays(1),
                LeakOutcome.Policy.valueOf(action.toUpperCase(java.util.Locale.ROOT)),
                new LifecycleNotices.Settings(List.of(Duration.ofDays(7), Duration.ofDays(1)), Duration.ofDays(1), 3));
    }

    /** The use cases as the service assembles them, over the in-memory stores and the movable clock. */
    @Singleton
    UseCases useCases(UseCases.Stores stores, UseCases.Verification verification, UseCases.Webhooks webhooks,
                      UseCases.Settings settings, SecretHasher hasher, MovableClock clock) {
        return new UseCases(stores, verification, webhooks, settings,
                new UseCases.Environment(hasher, clock, new SecureRandom()));
    }

    @Singleton
    LeakService leakService(UseCases useCases) {
        return useCases.leaks();
    }

    @Singleton
    LifecycleNotices lifecycleNotices(UseCases useCases) {
        return useCases.lifecycleNotices();
    }

    @Singleton
    WebhookService webhookService(UseCases useCases) {
        return useCases.webhooks();
    }

    @Singleton
    UserService userService(UseCases useCases) {
        return useCases.users();
    }

    @Singleton
    ApiKeyService apiKeyService(UseCases useCases) {
        return useCases.keys();
    }

    @Singleton
    RateLimiter rateLimiter() {
        return new InMemoryRateLimiter(10_000);
    }

    @Singleton
    VerificationService verificationService(UseCases useCases) {
        return useCases.verification();
    }

    /**
     * The real verification over {@code keys} (a test's store), with no limits and accounting that keeps nothing,
     * store reads on {@code blocking}: for tests that replace the store behind the one entry.
     */
    static VerificationService verificationOver(VerifiableKeys keys, SecretHasher hasher, Executor blocking) {
        return new VerificationService(keys, new KeyVerifier(hasher), new VerificationService.Limits(
                new InMemoryRateLimiter(100), id -> java.util.OptionalLong.empty()),
                new VerificationService.Accounting((id, at) -> { }, event -> { }, new UsageCounts() {
                    @Override
                    public void count(dev.latchkey.domain.apikey.KeyId id, boolean valid, Instant at) {
                    }

                    @Override
                    public List<dev.latchkey.domain.usage.UsageBucket> find(dev.latchkey.domain.apikey.KeyId id,
                            Instant from, Instant to, dev.latchkey.domain.usage.Granularity granularity) {
                        return List.of();
                    }
                }), blocking, Clock.systemUTC());
    }

    /** Verdicts explained step by step ({@code "explain": true}), audited (unmetered, as verificationService). */
    @Singleton
    ExplainVerdict explainVerdict(UseCases useCases) {
        return useCases.explanation();
    }

    @Singleton
    AuditService auditService(UseCases useCases) {
        return useCases.audit();
    }

    @Singleton
    UsageService usageService(UseCases useCases) {
        return useCases.usage();
    }

    @Singleton
    ThrottleFailedAuthentications throttle(UseCases useCases) {
        return useCases.throttle();
    }
}
