package dev.latchkey.application.testing;

import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.verification.RateLimitState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Rate limits as fixed windows on the test's clock: {@code limit} uses per period, the window starting at first use. */
public final class FakeRateLimiter implements RateLimiter {

    private record Window(RateLimit limit, Instant start, long used) {
    }

    private final Clock clock;
    private final Map<KeyId, Window> windows = new HashMap<>();
    /** Whether it plays a limiter shared over the network: answers wait in {@link #pending} until released. */
    public boolean shared;
    private final List<Runnable> pending = new ArrayList<>();

    public FakeRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<RateLimitState> tryAcquire(KeyId id, RateLimit limit) {
        RateLimitState state = take(id, limit);
        if (!shared) {
            return CompletableFuture.completedFuture(state);
        }
        CompletableFuture<RateLimitState> answer = new CompletableFuture<>();
        pending.add(() -> answer.complete(state));
        return answer;
    }

    /** Lets the answers of a shared limiter arrive; how many there were. */
    public int answerPending() {
        List<Runnable> answers = List.copyOf(pending);
        pending.clear();
        answers.forEach(Runnable::run);
        return answers.size();
    }

    private RateLimitState take(KeyId id, RateLimit limit) {
        Instant now = clock.instant();
        Window window = windows.get(id);
        if (window == null || !window.limit().equals(limit) || !now.isBefore(window.start().plus(limit.period()))) {
            window = new Window(limit, now, 0);
        }
        boolean allowed = window.used() < limit.limit();
        if (allowed) {
            window = new Window(limit, window.start(), window.used() + 1);
        }
        windows.put(id, window);
        Duration reset = Duration.between(now, window.start().plus(limit.period()));
        return new RateLimitState(allowed, limit.limit(), limit.limit() - window.used(), reset,
                allowed ? Duration.ZERO : reset);
    }
}
