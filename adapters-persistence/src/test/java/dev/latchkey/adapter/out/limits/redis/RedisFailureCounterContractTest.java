package dev.latchkey.adapter.out.limits.redis;

import static dev.latchkey.adapter.out.limits.redis.RedisRateLimiterTest.await;

import dev.latchkey.adapter.out.limits.InMemoryFailureCounter;
import dev.latchkey.adapter.out.persistence.contract.FailureCounterContract;
import dev.latchkey.adapter.out.persistence.testsupport.RedisTestServer;
import dev.latchkey.application.port.out.verification.FailureCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The contract on the counter shared through a real Redis, each test in a namespace of its own. */
class RedisFailureCounterContractTest extends FailureCounterContract {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private RedisLink link;

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
    }

    @Override
    protected FailureCounter emptyCounter() throws InterruptedException {
        link = new RedisLink(new RedisLink.Settings(RedisTestServer.url(), Duration.ofMillis(500),
                Duration.ofMillis(200), "latchkey-test-" + UUID.randomUUID()));
        await(link::reachable, "connected");
        // the local counter only counts while Redis cannot be reached: given a share no test reaches
        return new RedisFailureCounter(link, new InMemoryFailureCounter(1_000, WINDOW, 1_000), LIMIT, WINDOW,
                new SimpleMeterRegistry());
    }
}
