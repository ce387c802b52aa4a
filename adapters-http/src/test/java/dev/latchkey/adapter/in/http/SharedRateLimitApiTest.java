package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.limits.InMemoryRateLimiter;
import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.verification.RateLimitState;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rate limit shared over the network (as through Redis): its answer arrives later, on the limiter's own thread.
 * The verdict waits for it without blocking, the rest of the request goes on back on the event loop, and the audit
 * trail still knows which request it was.
 */
@MicronautTest
@Property(name = "test.shared-rate-limit", value = "true")
class SharedRateLimitApiTest extends HttpApiTest {

    static final String LIMITER_THREAD = "test-shared-limiter";
    static final AtomicInteger ANSWERED_LATER = new AtomicInteger();

    /** The in-memory limiter, answering 30 ms later from a thread of its own, as a network client would. */
    @Singleton
    @Replaces(RateLimiter.class)
    @Requires(property = "test.shared-rate-limit", value = "true")
    static RateLimiter overTheNetwork() {
        InMemoryRateLimiter limits = new InMemoryRateLimiter(1_000);
        ScheduledExecutorService network = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, LIMITER_THREAD);
            thread.setDaemon(true);
            return thread;
        });
        return new RateLimiter() {
            @Override
            public CompletionStage<RateLimitState> tryAcquire(KeyId id, RateLimit limit) {
                CompletableFuture<RateLimitState> answer = new CompletableFuture<>();
                network.schedule(() -> {
                    ANSWERED_LATER.incrementAndGet();
                    answer.complete(limits.tryAcquire(id, limit).toCompletableFuture().join());
                }, 30, TimeUnit.MILLISECONDS);
                return answer;
            }
        };
    }

    /** Tells the test which thread finished each response. */
    @ServerFilter("/v1/**")
    @io.micronaut.core.annotation.Order(io.micronaut.core.order.Ordered.HIGHEST_PRECEDENCE) // around every other
    @Requires(property = "test.shared-rate-limit", value = "true")
    static final class AnsweringThread {
        @ResponseFilter
        void name(HttpRequest<?> request, MutableHttpResponse<?> response) {
            response.getHeaders().set("X-Test-Thread", Thread.currentThread().getName());
        }
    }

    private String[] admin;
    private String key;
    private String keyId;

    @BeforeEach
    void setUp() {
        admin = keyHeaders("admin", "keys:verify", "audit:read");
        String userId = newUser(admin, "Ada");
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys",
                "{\"name\":\"ci\",\"scopes\":[\"process\"],\"rateLimit\":{\"limit\":4,\"periodSeconds\":3600}}", admin)
                .json();
        key = (String) issued.get("key");
        keyId = (String) issued.get("id");
        api.get("/v1/me", "X-API-Key", key); // read once from the store: cached, answered at hand from now on
    }

    @Test
    void theGatewayWaitsForTheSharedLimitWithoutBlockingAndAnswersFromTheEventLoop() {
        int before = ANSWERED_LATER.get();

        Api.Response gateway = api.get("/v1/auth", "X-API-Key", key, "X-Request-Id", "shared-limit-1");

        assertThat(gateway.status()).isEqualTo(200);
        assertThat(gateway.header("RateLimit-Limit")).isEqualTo("4");
        assertThat(gateway.header("RateLimit-Remaining")).isEqualTo("2");
        assertThat(ANSWERED_LATER.get()).isEqualTo(before + 1);
        assertThat(gateway.header("X-Test-Thread")).isNotEqualTo(LIMITER_THREAD).doesNotStartWith("io-executor");
        api.get("/v1/auth", "X-API-Key", key);
        api.get("/v1/auth", "X-API-Key", key);
        Api.Response refused = api.get("/v1/auth", "X-API-Key", key).isProblem(429, "rate_limited");
        assertThat(refused.header("X-Test-Thread")).isNotEqualTo(LIMITER_THREAD);
        // the first read, the gateway's three: all counted, answered later or not
        Api.eventually(() -> assertThat(verified()).isEqualTo(4));
    }

    @Test
    void verifyForAnotherServiceWaitsForTheSharedLimitToo() {
        Api.Response verdict = api.post("/v1/keys/verify", "{\"key\":\"" + key + "\"}", admin[0], admin[1],
                "X-Request-Id", "shared-limit-2");

        assertThat(verdict.status()).isEqualTo(200);
        assertThat(verdict.json()).containsEntry("valid", true);
        assertThat(((Map<?, ?>) verdict.json().get("rateLimit")).get("remaining")).isEqualTo(2);
        assertThat(verdict.header("X-Test-Thread")).isNotEqualTo(LIMITER_THREAD);
        Api.eventually(() -> assertThat(verified()).isEqualTo(2));
    }

    /** How many verifications of the key the audit's summaries count as valid (from this test's address). */
    @SuppressWarnings("unchecked")
    private long verified() {
        List<Map<String, Object>> events = (List<Map<String, Object>>) api.get(
                "/v1/audit-events?type=key.verified&keyId=" + keyId + "&limit=100", admin).json().get("items");
        return events.stream().filter(event -> "127.0.0.1".equals(event.get("clientIp")))
                .mapToLong(event -> ((Number) event.get("count")).longValue()).sum();
    }
}
