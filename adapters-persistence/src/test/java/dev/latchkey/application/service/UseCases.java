package dev.latchkey.application.service;

import dev.latchkey.adapter.out.persistence.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.persistence.cache.EvictingApiKeys;
import dev.latchkey.adapter.out.persistence.cache.EvictingUsers;
import dev.latchkey.adapter.out.persistence.cache.VerificationCache;
import dev.latchkey.adapter.out.persistence.memory.InMemoryApiKeys;
import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.Users;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import dev.latchkey.adapter.out.persistence.memory.InMemoryUsers;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.verification.KeyVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

/** The application's services wired over one in-memory store, as bootstrap wires them over a real one. */
final class UseCases {

    static final Instant START = Instant.parse("2026-11-22T10:15:30.123456789Z");

    final TestClock clock = new TestClock(START);
    final Random random = new Random(42);
    final SecretHasher hasher = new SecretHasher("use-case-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    final InMemoryUsers users = new InMemoryUsers();
    final InMemoryApiKeys apiKeys = new InMemoryApiKeys(users);
    final VerificationCache cache = new VerificationCache(
            new VerificationCache.Settings(1_000, Duration.ofSeconds(1), Duration.ZERO, 100), false,
            new SimpleMeterRegistry(), System::nanoTime);
    final Users evictingUsers = new EvictingUsers(users, cache);
    final ApiKeys evictingApiKeys = new EvictingApiKeys(apiKeys, cache);
    final UserService userService = new UserService(evictingUsers, clock, random);
    final ApiKeyService apiKeyService =
            new ApiKeyService(evictingUsers, evictingApiKeys, hasher, clock, random, KeyPrefix.DEFAULT);
    final VerificationService verificationService = new VerificationService(
            new CachingVerifiableKeys(apiKeys, cache), (id, at) -> apiKeys.recordUses(Map.of(id, at)),
            new KeyVerifier(hasher), clock);
    final BootstrapAdminService bootstrapAdmin =
            new BootstrapAdminService(evictingUsers, evictingApiKeys, hasher, clock, random);
}
