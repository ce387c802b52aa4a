package dev.latchkey.application.testing;

import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.out.audit.RequestOrigins;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.verification.FailureCounter;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookTransport;
import dev.latchkey.application.service.audit.AuditService;
import dev.latchkey.application.service.audit.ChangeAudit;
import dev.latchkey.application.service.keys.ApiKeyService;
import dev.latchkey.application.service.keys.LifecycleNotices;
import dev.latchkey.application.service.usage.UsageService;
import dev.latchkey.application.service.users.BootstrapAdminService;
import dev.latchkey.application.service.users.UserService;
import dev.latchkey.application.service.verification.VerificationService;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.leak.LeakOutcome;
import dev.latchkey.domain.verification.Verification;
import dev.latchkey.domain.verification.VerificationEvent;
import dev.latchkey.domain.webhook.WebhookRetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The application's services wired over fakes of their out-ports, as bootstrap wires them over the adapters; the
 * adapters prove the same ports' contracts in their own tests.
 */
public final class UseCases {

    public static final AuditEvent.Origin ORIGIN = new AuditEvent.Origin(null, "192.0.2.7", "request-1");
    public static final VerificationRequest.Origin PRESENTED_FROM =
            new VerificationRequest.Origin("192.0.2.7", "request-1", "/v1/auth", null);
    public static final Duration SELF_MAX_GRACE = Duration.ofDays(1);
    public static final Instant START = Instant.parse("2026-11-22T10:15:30.123456789Z");

    public final TestClock clock = new TestClock(START);
    public final Random random = new Random(42);
    public final SecretHasher hasher = new SecretHasher("use-case-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    public final FakeUsers users = new FakeUsers();
    public final FakeApiKeys apiKeys = new FakeApiKeys(users);
    public final FakeAuditLog auditLog = new FakeAuditLog();
    public final FakeUsageCounts usage = new FakeUsageCounts();
    public final FakeRateLimiter rateLimiter = new FakeRateLimiter(clock);
    /** The origin of the request being served, for the changes it makes: the thread's request context, in the service. */
    public AuditEvent.Origin origin = ORIGIN;
    /** Where {@link #verify} says the key was presented from. */
    public VerificationRequest.Origin presentedFrom = PRESENTED_FROM;
    /** Where the verification service reads the store: in place, unless a test holds the reads back. */
    public final StoreReads storeReads = new StoreReads();
    public final RequestOrigins origins = () -> origin;
    public final Transactions transactions = new Transactions() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }
    };
    public final FakeWebhookOutbox webhookOutbox = new FakeWebhookOutbox();
    public final FakeVerifiableKeys verifiableKeys = new FakeVerifiableKeys(apiKeys, users);
    public final List<VerificationEvent> verificationEvents = new CopyOnWriteArrayList<>();
    /** The services as the application assembles them, over the fakes; what these tests do not reach is not wired. */
    private final dev.latchkey.application.service.UseCases assembled = new dev.latchkey.application.service.UseCases(
            new dev.latchkey.application.service.UseCases.Stores(users, apiKeys, transactions, auditLog, origins,
                    NotWired.port(KeyNotices.class), usage),
            new dev.latchkey.application.service.UseCases.Verification(verifiableKeys,
                    new VerificationService.Limits(rateLimiter, apiKeys),
                    new VerificationService.Accounting((id, at) -> apiKeys.recordUses(Map.of(id, at)),
                            event -> {
                                verificationEvents.add(event);
                                auditLog.appendLater(asAuditEvent(event));
                            }, usage), storeReads, NotWired.port(FailureCounter.class)),
            new dev.latchkey.application.service.UseCases.Webhooks(NotWired.port(WebhookEndpoints.class),
                    webhookOutbox, NotWired.port(WebhookTransport.class), WebhookRetryPolicy.DEFAULT,
                    Duration.ofDays(30), Duration.ofMinutes(1)),
            new dev.latchkey.application.service.UseCases.Settings(KeyPrefix.DEFAULT, SELF_MAX_GRACE,
                    LeakOutcome.Policy.REVOKE, new LifecycleNotices.Settings(List.of(Duration.ofDays(1)),
                    Duration.ofDays(1), 10)),
            new dev.latchkey.application.service.UseCases.Environment(hasher, clock, random));
    public final ChangeAudit changeAudit = assembled.changeAudit();
    public final UserService userService = assembled.users();
    public final ApiKeyService apiKeyService = assembled.keys();
    public final VerificationService verificationService = assembled.verification();
    public final AuditService auditService = assembled.audit();
    public final UsageService usageService = assembled.usage();
    public final BootstrapAdminService bootstrapAdmin = assembled.bootstrapAdmin();

    /** The verdict on {@code key} presented from {@link #presentedFrom}, waited for. */
    public Verification verify(String key, Set<Scope> requiredScopes) {
        return verificationService.verify(new VerificationRequest(key, requiredScopes, presentedFrom))
                .toCompletableFuture().join();
    }

    /**
     * The executor the verification service reads the store on: runs each task in place as it comes, or, while
     * {@link #hold} is set, keeps it until {@link #runHeld}. Counts what it was given.
     */
    public static final class StoreReads implements Executor {
        public final List<Runnable> held = new CopyOnWriteArrayList<>();
        public final AtomicInteger given = new AtomicInteger();
        public volatile boolean hold;

        @Override
        public void execute(Runnable task) {
            given.incrementAndGet();
            if (hold) {
                held.add(task);
            } else {
                task.run();
            }
        }

        public void runHeld() {
            List<Runnable> tasks = List.copyOf(held);
            held.clear();
            tasks.forEach(Runnable::run);
        }
    }

    /** A verification as one audit event, as the trail kept them before summaries: what these tests look at. */
    public static AuditEvent asAuditEvent(dev.latchkey.domain.verification.VerificationEvent event) {
        return new AuditEvent(0, event.at(), event.valid() ? dev.latchkey.domain.audit.AuditEventType.KEY_VERIFIED
                : dev.latchkey.domain.audit.AuditEventType.KEY_REJECTED, event.valid(), event.outcome(), event.keyId(),
                event.userId(), event.actorKeyId(), event.clientIp(), event.requestId());
    }
}
