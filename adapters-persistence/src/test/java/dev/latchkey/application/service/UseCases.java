package dev.latchkey.application.service;

import dev.latchkey.adapter.out.persistence.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.persistence.cache.EvictingApiKeys;
import dev.latchkey.adapter.out.persistence.cache.EvictingUsers;
import dev.latchkey.adapter.out.persistence.cache.VerificationCache;
import dev.latchkey.adapter.out.persistence.audit.QueuedAuditLog;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.memory.InMemoryStores;
import dev.latchkey.adapter.out.persistence.throttle.InMemoryRateLimiter;
import dev.latchkey.adapter.out.persistence.audit.AuditEventStore;
import dev.latchkey.adapter.out.persistence.usage.CountingUsage;
import dev.latchkey.application.port.out.RequestOrigins;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.Users;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.verification.KeyVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

/** The application's services wired over one in-memory store, as bootstrap wires them over a real one. */
final class UseCases {

    static final AuditEvent.Origin ORIGIN = new AuditEvent.Origin(null, "192.0.2.7", "request-1");
    static final Instant START = Instant.parse("2026-11-22T10:15:30.123456789Z");

    final TestClock clock = new TestClock(START);
    final Random random = new Random(42);
    final SecretHasher hasher = new SecretHasher("use-case-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    final Stores store = InMemoryStores.empty();
    final Users users = store.users();
    final ApiKeys apiKeys = store.apiKeys();
    final VerificationCache cache = new VerificationCache(
            new VerificationCache.Settings(1_000, Duration.ofSeconds(1), Duration.ZERO, 100), false,
            new SimpleMeterRegistry(), System::nanoTime);
    final Users evictingUsers = new EvictingUsers(users, cache);
    final ApiKeys evictingApiKeys = new EvictingApiKeys(apiKeys, cache);
    final AuditEventStore auditEvents = store.auditEvents();
    /** Not started: a test flushes it when it wants the queued events written. */
    final QueuedAuditLog auditLog = new QueuedAuditLog(auditEvents,
            new QueuedAuditLog.Settings(10_000, Duration.ofMillis(500), 1_000, 1_000, Duration.ofDays(90), 1_000),
            new SimpleMeterRegistry(), clock);
    /** Not started: a test flushes it when it wants the counts written. */
    final CountingUsage usage = new CountingUsage(store.usage(),
            new CountingUsage.Settings(Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofDays(90),
                    Duration.ofDays(730)), new SimpleMeterRegistry(), clock);
    final RequestOrigins origins = () -> ORIGIN;
    final ChangeAudit changeAudit = new ChangeAudit(auditLog, store.transactions(), origins);
    final UserService userService = new UserService(evictingUsers, changeAudit, clock, random);
    final ApiKeyService apiKeyService =
            new ApiKeyService(evictingUsers, evictingApiKeys, hasher, changeAudit, clock, random, KeyPrefix.DEFAULT);
    final VerificationService verificationService = new VerificationService(
            new CachingVerifiableKeys(store.verifiableKeys(), cache), new KeyVerifier(hasher),
            new VerificationService.Limits(new InMemoryRateLimiter(1_000), store.quotas()),
            new VerificationService.Accounting((id, at) -> apiKeys.recordUses(Map.of(id, at)), auditLog, usage,
                    origins), clock);
    final AuditService auditService = new AuditService(auditLog);
    final UsageService usageService = new UsageService(apiKeys, usage);
    final BootstrapAdminService bootstrapAdmin =
            new BootstrapAdminService(evictingUsers, evictingApiKeys, hasher, clock, random);
}
