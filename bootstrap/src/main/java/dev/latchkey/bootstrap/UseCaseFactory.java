package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.persistence.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.persistence.cache.EvictingApiKeys;
import dev.latchkey.adapter.out.persistence.cache.EvictingUsers;
import dev.latchkey.adapter.out.persistence.cache.VerificationCache;
import dev.latchkey.adapter.out.persistence.lastuse.WriteBehindLastUse;
import dev.latchkey.adapter.out.persistence.throttle.InMemoryFailureCounter;
import dev.latchkey.application.port.in.ThrottleFailedAuthentications;
import dev.latchkey.application.port.in.VerifyApiKey;
import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.Users;
import dev.latchkey.application.port.out.VerifiableKeys;
import dev.latchkey.application.service.ApiKeyService;
import dev.latchkey.application.service.BootstrapAdminService;
import dev.latchkey.application.service.UserService;
import dev.latchkey.application.service.ThrottleService;
import dev.latchkey.application.service.VerificationService;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.verification.KeyVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** Builds the use cases from the ports: the only place that knows which implementation serves which port. */
@Factory
class UseCaseFactory {

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

    // Every use case that writes keys or users writes through the evicting decorators: a change holds on this node
    // the moment it returns; other nodes learn it from the change feed.

    @Singleton
    UserService userService(Users users, VerificationCache cache, Clock clock, SecureRandom random) {
        return new UserService(new EvictingUsers(users, cache), clock, random);
    }

    @Singleton
    ApiKeyService apiKeyService(Users users, ApiKeys apiKeys, VerificationCache cache, SecretHasher hasher,
                                Clock clock, SecureRandom random,
                                @Value("${latchkey.keys.default-prefix:lk}") String defaultPrefix) {
        return new ApiKeyService(new EvictingUsers(users, cache), new EvictingApiKeys(apiKeys, cache), hasher, clock,
                random, new KeyPrefix(defaultPrefix));
    }

    /** Verification through the cache, last use written behind; counted and timed for /prometheus. */
    @Singleton
    VerifyApiKey verifyApiKey(VerifiableKeys verifiableKeys, VerificationCache cache, WriteBehindLastUse lastUse,
                              SecretHasher hasher, Clock clock, MeterRegistry registry) {
        return new MeteredVerification(new VerificationService(new CachingVerifiableKeys(verifiableKeys, cache),
                lastUse, new KeyVerifier(hasher), clock), registry);
    }

    /** Failed authentications counted per client address, on this node (API.md §3 too_many_failures). */
    @Singleton
    ThrottleFailedAuthentications throttle(@Value("${latchkey.throttle.max-failures:50}") int maxFailures,
                                           @Value("${latchkey.throttle.window:5m}") Duration window,
                                           @Value("${latchkey.throttle.max-clients:1000000}") long maxClients) {
        return new ThrottleService(new InMemoryFailureCounter(maxFailures, window, maxClients));
    }

    @Singleton
    BootstrapAdminService bootstrapAdminService(Users users, ApiKeys apiKeys, VerificationCache cache,
                                                SecretHasher hasher, Clock clock, SecureRandom random) {
        return new BootstrapAdminService(new EvictingUsers(users, cache), new EvictingApiKeys(apiKeys, cache), hasher,
                clock, random);
    }
}
