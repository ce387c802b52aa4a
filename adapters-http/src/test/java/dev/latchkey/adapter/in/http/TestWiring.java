package dev.latchkey.adapter.in.http;

import dev.latchkey.adapter.out.persistence.memory.InMemoryApiKeys;
import dev.latchkey.adapter.out.persistence.memory.InMemoryUsers;
import dev.latchkey.application.service.ApiKeyService;
import dev.latchkey.application.service.UserService;
import dev.latchkey.application.service.VerificationService;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.verification.KeyVerifier;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

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

    @Singleton
    InMemoryUsers users() {
        return new InMemoryUsers();
    }

    @Singleton
    InMemoryApiKeys apiKeys(InMemoryUsers users) {
        return new InMemoryApiKeys(users);
    }

    @Singleton
    UserService userService(InMemoryUsers users, MovableClock clock) {
        return new UserService(users, clock, new SecureRandom());
    }

    @Singleton
    ApiKeyService apiKeyService(InMemoryUsers users, InMemoryApiKeys keys, SecretHasher hasher, MovableClock clock) {
        return new ApiKeyService(users, keys, hasher, clock, new SecureRandom(), KeyPrefix.DEFAULT);
    }

    @Singleton
    VerificationService verificationService(InMemoryApiKeys keys, SecretHasher hasher, MovableClock clock) {
        return new VerificationService(keys, keys, new KeyVerifier(hasher), clock);
    }
}
