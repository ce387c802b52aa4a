package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.accounting.WriteBehindLastUse;
import dev.latchkey.adapter.out.cache.ChangeFeedFollower;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.adapter.out.persistence.KeyChangeFeed;
import dev.latchkey.adapter.out.persistence.jdbc.StoreCircuitBreaker;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.adapter.out.accounting.WriteBehindLastUse;
import dev.latchkey.application.port.out.keys.ApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The verification cache with its change-feed follower, and last use written behind: configured from
 * {@code latchkey.cache.*} and {@code latchkey.last-use.*}.
 */
@Factory
class VerificationCacheFactory {

    @Singleton
    VerificationCache verificationCache(@Value("${latchkey.cache.maximum-size:1000000}") long maximumSize,
                                        @Value("${latchkey.cache.max-staleness:1s}") Duration maxStaleness,
                                        @Value("${latchkey.cache.outage-grace:0s}") Duration outageGrace,
                                        @Value("${latchkey.cache.poll-interval:200ms}") Duration pollInterval,
                                        @Value("${latchkey.cache.unknown-key-reads-per-second:1000}") long unknownReads,
                                        @Value("${latchkey.cache.feed-timeout:5s}") Duration feedTimeout,
                                        Optional<KeyChangeFeed> feed, Optional<StoreCircuitBreaker> breaker,
                                        MeterRegistry registry) {
        if (feed.isPresent() && pollInterval.compareTo(maxStaleness) >= 0) {
            throw new IllegalArgumentException("latchkey.cache.poll-interval (" + pollInterval
                    + ") must be shorter than latchkey.cache.max-staleness (" + maxStaleness + ")");
        }
        // a slow feed keeps the cache answering for up to feed-timeout more, unless the store is known to be gone
        BooleanSupplier storeUnreachable = breaker.<BooleanSupplier>map(open -> open::isOpen).orElse(() -> false);
        return new VerificationCache(new VerificationCache.Settings(maximumSize, maxStaleness, outageGrace,
                unknownReads, feedTimeout), feed.isPresent(), registry, System::nanoTime, storeUnreachable);
    }

    /** Started with the application, so that the cache is fresh by the first request; stopped with it. */
    @Context
    @Requires(beans = KeyChangeFeed.class)
    @Requires(notEnv = LatchkeyCommand.MIGRATE_ENVIRONMENT)
    @Bean(preDestroy = "close")
    ChangeFeedFollower changeFeedFollower(KeyChangeFeed feed, VerificationCache cache, Clock clock,
                                          @Value("${latchkey.cache.poll-interval:200ms}") Duration pollInterval,
                                          @Value("${latchkey.cache.feed-retention:1h}") Duration retention,
                                          @Value("${latchkey.cache.known-ids-capacity:1000000}") long knownIds,
                                          @Value("${latchkey.cache.preload:100000}") int preload) {
        ChangeFeedFollower follower = new ChangeFeedFollower(feed, cache,
                new ChangeFeedFollower.Settings(pollInterval, retention, Duration.ofSeconds(30), knownIds, preload),
                clock, System::nanoTime);
        follower.start();
        return follower;
    }

    /** Flushed every {@code latchkey.last-use.flush-interval}, and once more when the application stops. */
    @Singleton
    @Bean(preDestroy = "close")
    WriteBehindLastUse lastUse(ApiKeys apiKeys, MeterRegistry registry, Clock clock,
                               @Value("${latchkey.last-use.flush-interval:1s}") Duration flushInterval,
                               @Value("${latchkey.last-use.precision:60s}") Duration precision) {
        WriteBehindLastUse lastUse = new WriteBehindLastUse(apiKeys, registry, clock, precision);
        lastUse.start(flushInterval);
        return lastUse;
    }
}
