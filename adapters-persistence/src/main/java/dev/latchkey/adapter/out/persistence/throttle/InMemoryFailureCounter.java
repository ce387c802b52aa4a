package dev.latchkey.adapter.out.persistence.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.latchkey.application.port.out.FailureCounter;
import dev.latchkey.domain.verification.ClientNetwork;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;

/**
 * Failures per client address on this node (an IPv6 client per /64, {@link ClientNetwork}): a Bucket4j bucket per address holding {@code limit} tokens that all come
 * back at once, a {@code window} after the address's first failure (intervally refill), so that the address is
 * refused from its {@code limit}-th failure until its window passes. Buckets live in a Caffeine cache bounded by
 * {@code maxClients} and dropped a window after their last failure, so memory stays bounded under a spray of
 * addresses (an evicted address simply starts over).
 */
public final class InMemoryFailureCounter implements FailureCounter {

    private final int limit;
    private final Duration window;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    public InMemoryFailureCounter(int limit, Duration window, long maxClients) {
        this(limit, window, maxClients, TimeMeter.SYSTEM_NANOTIME, Ticker.systemTicker());
    }

    /** With the clocks a test moves: Bucket4j's and Caffeine's. */
    InMemoryFailureCounter(int limit, Duration window, long maxClients, TimeMeter time, Ticker ticker) {
        if (limit < 1) {
            throw new IllegalArgumentException("the failure limit must be at least 1");
        }
        this.limit = limit;
        this.window = window;
        this.time = time;
        this.buckets = Caffeine.newBuilder().maximumSize(maxClients).expireAfterAccess(window).ticker(ticker).build();
    }

    @Override
    public void count(String client) {
        buckets.get(ClientNetwork.of(client), this::newBucket).tryConsume(1);
    }

    @Override
    public Optional<Duration> exhausted(String client) {
        Bucket bucket = buckets.getIfPresent(ClientNetwork.of(client));
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return Optional.empty();
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    private Bucket newBucket(String client) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit).refillIntervally(limit, window).build())
                .withCustomTimePrecision(time)
                .build();
    }
}
