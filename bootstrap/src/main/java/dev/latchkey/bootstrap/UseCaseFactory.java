package dev.latchkey.bootstrap;

import dev.latchkey.application.port.in.VerifyApiKey;
import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.Users;
import dev.latchkey.application.port.out.VerifiableKeys;
import dev.latchkey.application.service.ApiKeyService;
import dev.latchkey.application.service.BootstrapAdminService;
import dev.latchkey.application.service.UserService;
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

    @Singleton
    UserService userService(Users users, Clock clock, SecureRandom random) {
        return new UserService(users, clock, random);
    }

    @Singleton
    ApiKeyService apiKeyService(Users users, ApiKeys apiKeys, SecretHasher hasher, Clock clock, SecureRandom random,
                                @Value("${latchkey.keys.default-prefix:lk}") String defaultPrefix) {
        return new ApiKeyService(users, apiKeys, hasher, clock, random, new KeyPrefix(defaultPrefix));
    }

    /** Verification, counted and timed for /prometheus. */
    @Singleton
    VerifyApiKey verifyApiKey(VerifiableKeys verifiableKeys, ApiKeys apiKeys, SecretHasher hasher, Clock clock,
                              MeterRegistry registry) {
        return new MeteredVerification(new VerificationService(verifiableKeys, apiKeys, new KeyVerifier(hasher), clock),
                registry);
    }

    @Singleton
    BootstrapAdminService bootstrapAdminService(Users users, ApiKeys apiKeys, SecretHasher hasher, Clock clock,
                                                SecureRandom random) {
        return new BootstrapAdminService(users, apiKeys, hasher, clock, random);
    }
}
