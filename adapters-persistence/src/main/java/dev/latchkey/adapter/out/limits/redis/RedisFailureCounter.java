package dev.latchkey.adapter.out.limits.redis;

import dev.latchkey.adapter.out.limits.InMemoryFailureCounter;
import dev.latchkey.application.port.out.verification.FailureCounter;
import dev.latchkey.adapter.out.limits.InMemoryFailureCounter;
import dev.latchkey.application.port.out.verification.FailureCounter;
import dev.latchkey.domain.verification.ClientNetwork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Failed authentications per client address (an IPv6 client per /64, {@link ClientNetwork}) counted by all nodes
 * together in Redis: a counter per address that
 * lives a window from its first failure. Counting never blocks: the count is sent in the background, and when Redis
 * answers that the address reached the limit, this node refuses it until the window passes, at once and from memory
 * (so {@link #exhausted} costs no round trip; another node learns it at the address's next failure there). When
 * Redis cannot be reached the failure is counted by {@code local}, which holds this node's share of the limit, and a
 * fallback is counted; an address that {@code local} refuses stays refused. What this node knows lives in
 * {@code local}'s table of fixed size alone: the refusals Redis told it of as well as its own counts.
 */
public final class RedisFailureCounter implements FailureCounter {

    /** KEYS[1] the address's counter; ARGV[1] the window in ms. Answers {failures, ms left in the window}. */
    static final RedisLink.Script COUNT = RedisLink.Script.of("""
            local failures = redis.call('INCR', KEYS[1])
            if failures == 1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            local left = redis.call('PTTL', KEYS[1])
            if left < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              left = tonumber(ARGV[1])
            end
            return {failures, left}
            """);

    private final RedisLink redis;
    private final InMemoryFailureCounter local;
    private final int limit;
    private final Duration window;
    private final Counter fallbacks;

    public RedisFailureCounter(RedisLink redis, InMemoryFailureCounter local, int limit, Duration window,
                               MeterRegistry registry) {
        this.redis = redis;
        this.local = local;
        this.limit = limit;
        this.window = window;
        this.fallbacks = Counter.builder("latchkey.redis.fallbacks").tag("limit", "failures")
                .description("failed authentications counted on this node alone because Redis could not answer")
                .register(registry);
    }

    @Override
    public void count(String address) {
        long fingerprint = local.fingerprint(address);
        boolean sent = redis.runInBackground(COUNT, new String[] {redis.key("failures", ClientNetwork.of(address))},
                new String[] {Long.toString(window.toMillis())}, (answer, failure) -> {
                    if (failure != null) {
                        countLocally(fingerprint);
                    } else {
                        noteCount(fingerprint, answer);
                    }
                });
        if (!sent) {
            countLocally(fingerprint);
        }
    }

    private void countLocally(long client) {
        fallbacks.increment();
        local.count(client);
    }

    private void noteCount(long client, List<Object> answer) {
        long failures = (Long) answer.get(0);
        long millisLeft = (Long) answer.get(1);
        if (failures >= limit && millisLeft > 0) {
            local.refuse(client, millisLeft * 1_000_000);
        }
    }

    @Override
    public Optional<Duration> exhausted(String address) {
        return local.exhausted(address);
    }
}
