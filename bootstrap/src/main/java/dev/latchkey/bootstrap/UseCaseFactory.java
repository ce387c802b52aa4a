package dev.latchkey.bootstrap;

import dev.latchkey.adapter.in.metrics.MeteredVerification;
import dev.latchkey.adapter.out.accounting.HoneytokenAlerts;
import dev.latchkey.adapter.out.accounting.SummarisedVerificationEvents;
import dev.latchkey.adapter.out.accounting.WriteBehindLastUse;
import dev.latchkey.adapter.out.accounting.verificationlog.VerificationLog;
import dev.latchkey.adapter.out.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.cache.EvictingApiKeys;
import dev.latchkey.adapter.out.cache.EvictingTransactions;
import dev.latchkey.adapter.out.cache.EvictingUsers;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.adapter.out.webhook.WebhookWorker;
import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.in.keys.AlertHoneytokenUses;
import dev.latchkey.application.port.in.verification.ExplainVerdict;
import dev.latchkey.application.port.in.verification.ThrottleFailedAuthentications;
import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.application.port.out.audit.RequestOrigins;
import dev.latchkey.application.port.out.audit.SummaryChainLinks;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.usage.UsageCounts;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.FailureCounter;
import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.application.port.out.verification.VerificationEvents;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.port.out.webhooks.WebhookTransport;
import dev.latchkey.application.service.UseCases;
import dev.latchkey.application.service.audit.AuditChainVerification;
import dev.latchkey.application.service.audit.AuditService;
import dev.latchkey.application.service.keys.ApiKeyService;
import dev.latchkey.application.service.keys.LifecycleNotices;
import dev.latchkey.application.service.leaks.LeakService;
import dev.latchkey.application.service.usage.UsageService;
import dev.latchkey.application.service.users.BootstrapAdminService;
import dev.latchkey.application.service.users.UserService;
import dev.latchkey.application.service.verification.VerificationService;
import dev.latchkey.application.service.webhooks.WebhookService;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.leak.LeakOutcome;
import dev.latchkey.domain.webhook.WebhookRetryPolicy;
import dev.latchkey.domain.webhook.WebhookSecretBox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the use cases from the ports: the only place that knows which implementation serves which port. */
@Factory
class UseCaseFactory {

    static final String VERIFICATION_STORE_READS = "latchkey-verification-store";

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Singleton
    SecretHasher secretHasher(Pepper pepper) {
        return new SecretHasher(pepper.bytes());
    }

    /** Webhook secrets are stored sealed under a key derived from the same pepper. */
    @Singleton
    WebhookSecretBox webhookSecretBox(Pepper pepper) {
        return new WebhookSecretBox(pepper.bytes());
    }

    // Every use case that writes keys or users writes through the evicting decorators: a change holds on this node
    // the moment it returns; other nodes learn it from the change feed.

    /**
     * The stores the use cases write and read. Every change and its audit event commit together; this node's cache
     * evicts what the change touched once it has committed, before the use case returns (evicted earlier, a
     * concurrent miss could cache the old state).
     */
    @Singleton
    UseCases.Stores stores(Users users, ApiKeys apiKeys, Transactions transactions, VerificationCache cache,
                           AuditLog auditLog, RequestOrigins origins, KeyNotices notices, UsageCounts usage) {
        return new UseCases.Stores(new EvictingUsers(users, cache), new EvictingApiKeys(apiKeys, cache),
                new EvictingTransactions(transactions, cache), auditLog, origins, notices, usage);
    }

    /**
     * Verification through the cache; rate limits on this node or in Redis (SharedLimitsFactory), quotas taken in the
     * store; last use written behind, verifications summarised in memory (AccountingFactory) and, when
     * LATCHKEY_VERIFICATION_LOG is on, logged; usage counted in memory. What the cache cannot answer is read on a
     * pool of its own ({@link #verificationStoreReads}), never on an event loop. Client addresses that failed too
     * often are refused (docs/api-guide.md §6 too_many_failures).
     */
    @Singleton
    UseCases.Verification verification(VerifiableKeys verifiableKeys, VerificationCache cache,
                                       WriteBehindLastUse lastUse, RateLimiter rateLimiter, UsageQuotas quotas,
                                       SummarisedVerificationEvents summaries, HoneytokenAlerts honeytokens,
                                       Optional<VerificationLog> verificationLog, UsageCounts usage,
                                       @Named(VERIFICATION_STORE_READS) ExecutorService storeReads,
                                       FailureCounter failures) {
        VerificationEvents events = verificationLog
                .map(log -> FanOutVerificationEvents.of(summaries, honeytokens, log))
                .orElse(FanOutVerificationEvents.of(summaries, honeytokens));
        return new UseCases.Verification(new CachingVerifiableKeys(verifiableKeys, cache),
                new VerificationService.Limits(rateLimiter, quotas),
                new VerificationService.Accounting(lastUse, events, usage), storeReads, failures);
    }

    /** Webhook endpoints and the worker's passes (run by {@link WebhookWorker} on the node holding the lease). */
    @Singleton
    UseCases.Webhooks webhooks(WebhookEndpoints endpoints, WebhookOutbox outbox, WebhookTransport transport,
                               @Value("${latchkey.webhooks.retry.initial-delay:5s}") Duration initialDelay,
                               @Value("${latchkey.webhooks.retry.max-delay:1h}") Duration maxDelay,
                               @Value("${latchkey.webhooks.retry.max-attempts:16}") int maxAttempts,
                               @Value("${latchkey.webhooks.retention:30d}") Duration retention,
                               @Value("${latchkey.webhooks.timeout:5s}") Duration timeout,
                               @Value("${latchkey.webhooks.claim:1m}") Duration claim) {
        if (claim.compareTo(timeout) <= 0) {
            throw new IllegalStateException("latchkey.webhooks.claim (" + claim + ") must be longer than"
                    + " latchkey.webhooks.timeout (" + timeout + "): a claim must outlast the post it covers");
        }
        return new UseCases.Webhooks(endpoints, outbox, transport,
                new WebhookRetryPolicy(initialDelay, maxDelay, maxAttempts), retention, claim);
    }

    /**
     * Leaked-key reports: a live leaked key is revoked, or with latchkey.leaks.action=flag only flagged. The
     * lifecycle scheduler's passes (key.expiring, key.expired, key.usage_low) are run by {@link WebhookWorker}.
     */
    @Singleton
    UseCases.Settings settings(@Value("${latchkey.keys.default-prefix:lk}") String defaultPrefix,
                               @Value("${latchkey.rotation.self-max-grace:1d}") Duration selfMaxGrace,
                               @Value("${latchkey.leaks.action:revoke}") String action,
                               @Value("${latchkey.webhooks.expiring-lead-times:30d,7d,1d}") List<Duration> leads,
                               @Value("${latchkey.webhooks.expired-lookback:1d}") Duration expiredLookback,
                               @Value("${latchkey.webhooks.usage-low-threshold:10}") long usageLowThreshold) {
        return new UseCases.Settings(new KeyPrefix(defaultPrefix), selfMaxGrace,
                LeakOutcome.Policy.valueOf(action.strip().toUpperCase(java.util.Locale.ROOT)),
                new LifecycleNotices.Settings(leads, expiredLookback, usageLowThreshold));
    }

    @Singleton
    UseCases useCases(UseCases.Stores stores, UseCases.Verification verification, UseCases.Webhooks webhooks,
                      UseCases.Settings settings, SecretHasher hasher, Clock clock, SecureRandom random) {
        return new UseCases(stores, verification, webhooks, settings,
                new UseCases.Environment(hasher, clock, random));
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

    /** The honeytokens' alert, fed by {@link HoneytokenAlerts} behind the verification. */
    @Singleton
    AlertHoneytokenUses alertHoneytokenUses(UseCases useCases, HoneytokenPresentations presentations) {
        return useCases.honeytokenAlerts(presentations);
    }

    /**
     * The threads that read the store for verifications the cache cannot answer: a pool of its own, as large as the
     * blocking pool. Callers on the blocking pool wait for verdicts (the console's sign-in); were the reads queued on
     * that same pool, as many such callers as it has threads would wait for reads that never get a thread.
     */
    @Singleton
    @Named(VERIFICATION_STORE_READS)
    @Bean(preDestroy = "shutdown")
    ExecutorService verificationStoreReads(@Value("${micronaut.executors.io.n-threads:32}") int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, threads), task -> {
            Thread thread = new Thread(task, "latchkey-verification-store-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The verification, counted and timed for /prometheus. */
    @Singleton
    VerifyApiKey verifyApiKey(UseCases useCases, MeterRegistry registry) {
        return new MeteredVerification(useCases.verification(), registry);
    }

    /** Verdicts explained step by step ({@code "explain": true}), audited, and counted and timed as verifications. */
    @Singleton
    ExplainVerdict explainVerdict(UseCases useCases, MeterRegistry registry) {
        // the same meters as verifyApiKey's (Micrometer registers a name and tags once)
        return new MeteredVerification(useCases.verification(), registry).explaining(useCases.explanation());
    }

    @Singleton
    AuditService auditService(UseCases useCases) {
        return useCases.audit();
    }

    /** The audit chain's verification (docs/audit-chain.md), over the store's links and its summaries' links. */
    @Singleton
    VerifyAuditChain verifyAuditChain(AuditChainLinks chain, SummaryChainLinks summaries, Clock clock,
                                      @Value("${latchkey.audit.retention:90d}") Duration retention) {
        return new AuditChainVerification(chain, summaries, clock, retention);
    }

    @Singleton
    UsageService usageService(UseCases useCases) {
        return useCases.usage();
    }

    @Singleton
    ThrottleFailedAuthentications throttle(UseCases useCases) {
        return useCases.throttle();
    }

    @Singleton
    BootstrapAdminService bootstrapAdminService(UseCases useCases) {
        return useCases.bootstrapAdmin();
    }
}
