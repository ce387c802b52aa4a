package dev.latchkey.adapter.out.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.verification.RateLimitState;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rate limits on this node: a Bucket4j token bucket per key ({@code limit} tokens, refilled evenly over the period),
 * in a Caffeine cache bounded by {@code maxKeys} and dropped a day (the longest period) after the key's last use. A
 * key whose limit changed gets a new bucket, full.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    private record LimitedBucket(RateLimit limit, Bucket bucket) {
    }

    private final TimeMeter time;
    private final Cache<KeyId, LimitedBucket> buckets;

    public InMemoryRateLimiter(long maxKeys) {
        this(maxKeys, TimeMeter.SYSTEM_NANOTIME, Ticker.systemTicker());
    }

    /** With the clocks a test moves: Bucket4j's and Caffeine's. */
    InMemoryRateLimiter(long maxKeys, TimeMeter time, Ticker ticker) {
        this.time = time;
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys)
                .expireAfterAccess(Duration.ofSeconds(RateLimit.MAX_PERIOD_SECONDS)).ticker(ticker).build();
    }

    /** Answered at once: nothing here waits. */
    @Override
    public CompletionStage<RateLimitState> tryAcquire(KeyId id, RateLimit limit) {
        return CompletableFuture.completedFuture(take(id, limit));
    }

    private RateLimitState take(KeyId id, RateLimit limit) {
        LimitedBucket limited = buckets.getIfPresent(id);
        if (limited == null || !limited.limit().equals(limit)) {
            limited = buckets.asMap().compute(id, (key, current) -> current != null && current.limit().equals(limit)
                    ? current : new LimitedBucket(limit, bucket(limit)));
        }
        ConsumptionProbe probe = limited.bucket().tryConsumeAndReturnRemaining(1);
        long remaining = probe.getRemainingTokens();
        // the bucket refills evenly: the missing tokens come back at limit per period
        Duration reset = limit.period().multipliedBy(limit.limit() - remaining).dividedBy(limit.limit());
        return new RateLimitState(probe.isConsumed(), limit.limit(), remaining, reset,
                probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private Bucket bucket(RateLimit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.limit()).refillGreedy(limit.limit(), limit.period())
                        .build())
                .withCustomTimePrecision(time)
                .build();
    }
}
