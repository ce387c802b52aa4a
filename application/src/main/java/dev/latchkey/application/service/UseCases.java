package dev.latchkey.application.service;

import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.application.port.out.audit.RequestOrigins;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.usage.UsageCounts;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.FailureCounter;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.port.out.webhooks.WebhookTransport;
import dev.latchkey.application.service.audit.AuditService;
import dev.latchkey.application.service.audit.ChangeAudit;
import dev.latchkey.application.service.keys.ApiKeyService;
import dev.latchkey.application.service.keys.HoneytokenAlertService;
import dev.latchkey.application.service.keys.LifecycleNotices;
import dev.latchkey.application.service.leaks.LeakService;
import dev.latchkey.application.service.usage.UsageService;
import dev.latchkey.application.service.users.BootstrapAdminService;
import dev.latchkey.application.service.users.UserService;
import dev.latchkey.application.service.verification.ExplanationService;
import dev.latchkey.application.service.verification.ThrottleService;
import dev.latchkey.application.service.verification.VerificationService;
import dev.latchkey.application.service.webhooks.WebhookService;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.leak.LeakOutcome;
import dev.latchkey.domain.verification.KeyVerifier;
import dev.latchkey.domain.webhook.WebhookRetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Which service serves which in-port, given the out-ports: the one assembly of the use cases, without a framework.
 * {@code bootstrap}'s {@code UseCaseFactory} hands its parts to Micronaut; the adapters' test wiring uses the same
 * parts over in-memory stores. The out-ports come as the caller decorates them: a caller that caches keys passes
 * users, keys and transactions that evict what a change touched, and cached verifiable keys.
 */
public final class UseCases {

    /** What the changes and reads of users, keys, audit events and usage go to. */
    public record Stores(Users users, ApiKeys apiKeys, Transactions transactions, AuditLog auditLog,
                         RequestOrigins origins, KeyNotices keyNotices, UsageCounts usage) {
    }

    /** What a presented key is checked against, what it is counted in, and where a miss reads the store. */
    public record Verification(VerifiableKeys keys, VerificationService.Limits limits,
                               VerificationService.Accounting accounting, Executor storeReads,
                               FailureCounter failures) {
    }

    /** The webhook stores and transport, and how deliveries are retried, kept and claimed. */
    public record Webhooks(WebhookEndpoints endpoints, WebhookOutbox outbox, WebhookTransport transport,
                           WebhookRetryPolicy retryPolicy, Duration retention, Duration claim) {
    }

    /** The settings of the key use cases. */
    public record Settings(KeyPrefix defaultPrefix, Duration selfMaxGrace, LeakOutcome.Policy leakPolicy,
                           LifecycleNotices.Settings lifecycle) {
    }

    /** The pepper's hasher, the time and the randomness every use case shares. */
    public record Environment(SecretHasher hasher, Clock clock, RandomGenerator random) {
    }

    private final ChangeAudit changeAudit;
    private final ApiKeys apiKeys;
    private final ApiKeyService keys;
    private final UserService users;
    private final BootstrapAdminService bootstrapAdmin;
    private final LeakService leaks;
    private final LifecycleNotices lifecycleNotices;
    private final WebhookService webhooks;
    private final VerificationService verification;
    private final ExplanationService explanation;
    private final ThrottleService throttle;
    private final AuditService audit;
    private final UsageService usage;

    public UseCases(Stores stores, Verification verification, Webhooks webhooks, Settings settings, Environment env) {
        changeAudit = new ChangeAudit(stores.auditLog(), stores.transactions(), stores.origins(), webhooks.outbox(),
                env.random());
        apiKeys = stores.apiKeys();
        keys = new ApiKeyService(stores.users(), stores.apiKeys(), env.hasher(), changeAudit, env.clock(),
                env.random(), settings.defaultPrefix(), settings.selfMaxGrace());
        users = new UserService(stores.users(), stores.apiKeys(), changeAudit, env.clock(), env.random());
        bootstrapAdmin = new BootstrapAdminService(stores.users(), stores.apiKeys(), env.hasher(), env.clock(),
                env.random());
        leaks = new LeakService(stores.apiKeys(), keys, env.hasher(), changeAudit, settings.leakPolicy(), env.clock());
        lifecycleNotices = new LifecycleNotices(stores.keyNotices(), changeAudit, settings.lifecycle(), env.clock());
        this.webhooks = new WebhookService(webhooks.endpoints(), webhooks.outbox(), webhooks.transport(),
                webhooks.retryPolicy(), webhooks.retention(), webhooks.claim(), env.clock(), env.random());
        this.verification = new VerificationService(verification.keys(), new KeyVerifier(env.hasher()),
                verification.limits(), verification.accounting(), verification.storeReads(), env.clock());
        explanation = new ExplanationService(this.verification, stores.auditLog(), verification.storeReads(),
                env.clock());
        throttle = new ThrottleService(verification.failures());
        audit = new AuditService(stores.auditLog());
        usage = new UsageService(stores.apiKeys(), stores.usage());
    }

    /** A change, its audit events and its webhook events in one transaction (the services above share it). */
    public ChangeAudit changeAudit() {
        return changeAudit;
    }

    public ApiKeyService keys() {
        return keys;
    }

    /** The alert of honeytokens' presentations, counted in {@code presentations} (a store beside the keys). */
    public HoneytokenAlertService honeytokenAlerts(HoneytokenPresentations presentations) {
        return new HoneytokenAlertService(presentations, apiKeys, changeAudit);
    }

    public UserService users() {
        return users;
    }

    public BootstrapAdminService bootstrapAdmin() {
        return bootstrapAdmin;
    }

    public LeakService leaks() {
        return leaks;
    }

    public LifecycleNotices lifecycleNotices() {
        return lifecycleNotices;
    }

    public WebhookService webhooks() {
        return webhooks;
    }

    public VerificationService verification() {
        return verification;
    }

    /** Verdicts explained step by step: the same verification as {@link #verification()}, audited. */
    public ExplanationService explanation() {
        return explanation;
    }

    public ThrottleService throttle() {
        return throttle;
    }

    public AuditService audit() {
        return audit;
    }

    public UsageService usage() {
        return usage;
    }
}
