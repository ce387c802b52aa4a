package dev.latchkey.application.service;

import dev.latchkey.adapter.out.persistence.memory.InMemoryApiKeys;
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
    final UserService userService = new UserService(users, clock, random);
    final ApiKeyService apiKeyService = new ApiKeyService(users, apiKeys, hasher, clock, random, KeyPrefix.DEFAULT);
    final VerificationService verificationService =
            new VerificationService(apiKeys, apiKeys, new KeyVerifier(hasher), clock);
    final BootstrapAdminService bootstrapAdmin = new BootstrapAdminService(users, apiKeys, hasher, clock, random);
}
