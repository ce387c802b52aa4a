package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.audit.VerifyAuditChain;
import dev.latchkey.application.port.out.audit.AuditChainLinks;
import dev.latchkey.application.service.audit.AuditChainVerification;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/audit-events/chain} walks one at a time on a node: a second call while one walks is a 429 problem
 * at once (it neither queues on the worker pool nor takes a second connection), and the next one after it is served.
 */
@MicronautTest
@Property(name = "test.held-chain-walk", value = "true")
class AuditChainWalkLimitTest extends HttpApiTest {

    static final CountDownLatch WALKING = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Factory
    @Requires(property = "test.held-chain-walk", value = "true")
    static class HeldWalk {

        /** The verification, held at its start until the test releases it. */
        @Singleton
        @Replaces(VerifyAuditChain.class)
        VerifyAuditChain heldVerification(AuditChainLinks chain) {
            VerifyAuditChain real = new AuditChainVerification(chain);
            return request -> {
                WALKING.countDown();
                try {
                    RELEASE.await(1, TimeUnit.MINUTES); // bounded: without the limit, the second call waits here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return real.verify(request);
            };
        }
    }

    @Test
    void aSecondWalkMeanwhileIs429WithRetryAfterAndTheFirstEndsWell() throws Exception {
        String[] auditor = keyHeaders("audit:read");
        CompletableFuture<Api.Response> first = CompletableFuture.supplyAsync(
                () -> api.get("/v1/audit-events/chain", auditor));
        assertThat(WALKING.await(1, TimeUnit.MINUTES)).isTrue();

        Api.Response second = api.get("/v1/audit-events/chain", auditor).isProblem(429, "rate_limited");
        assertThat(second.header("Retry-After")).isNotBlank();

        RELEASE.countDown();
        assertThat(first.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
        assertThat(api.get("/v1/audit-events/chain", auditor).status()).as("the walk is free again").isEqualTo(200);
        assertThat(VerifyAuditChain.MAX_LINKS_PER_CALL).as("a walk's connection is held briefly").isLessThanOrEqualTo(
                10_000);
    }
}
