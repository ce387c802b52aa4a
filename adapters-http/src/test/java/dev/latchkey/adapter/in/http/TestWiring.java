package dev.latchkey.adapter.in.http;

import dev.latchkey.adapter.out.persistence.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.persistence.cache.EvictingApiKeys;
import dev.latchkey.adapter.out.persistence.cache.EvictingUsers;
import dev.latchkey.adapter.out.persistence.cache.VerificationCache;
import dev.latchkey.adapter.out.persistence.memory.InMemoryApiKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
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
import dev.latchkey.adapter.out.persistence.throttle.InMemoryFailureCounter;
import dev.latchkey.application.port.in.ThrottleFailedAuthentications;
import dev.latchkey.application.service.ThrottleService;
import io.micronaut.context.annotation.Value;
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

    /** The verification cache as the service runs it, so that hits are answered on the event loop here too. */
    @Singleton
    VerificationCache verificationCache() {
        return new VerificationCache(new VerificationCache.Settings(10_000, Duration.ofSeconds(1), Duration.ZERO, 100),
                false, new SimpleMeterRegistry(), System::nanoTime);
    }

    @Singleton
    UserService userService(InMemoryUsers users, VerificationCache cache, MovableClock clock) {
        return new UserService(new EvictingUsers(users, cache), clock, new SecureRandom());
    }

    @Singleton
    ApiKeyService apiKeyService(InMemoryUsers users, InMemoryApiKeys keys, VerificationCache cache, SecretHasher hasher,
                                MovableClock clock) {
        return new ApiKeyService(new EvictingUsers(users, cache), new EvictingApiKeys(keys, cache), hasher, clock,
                new SecureRandom(), KeyPrefix.DEFAULT);
    }

    @Singleton
    VerificationService verificationService(InMemoryApiKeys keys, VerificationCache cache, SecretHasher hasher,
                                            MovableClock clock) {
        return new VerificationService(new CachingVerifiableKeys(keys, cache),
                (id, at) -> keys.recordUses(Map.of(id, at)), new KeyVerifier(hasher), clock);
    }

    @Singleton
    ThrottleFailedAuthentications throttle(@Value("${latchkey.throttle.max-failures:1000000}") int maxFailures,
                                           @Value("${latchkey.throttle.window:5m}") Duration window) {
        return new ThrottleService(new InMemoryFailureCounter(maxFailures, window, 100_000));
    }
}
