package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.application.service.verification.VerificationService;
import dev.latchkey.domain.apikey.SecretHasher;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/** A store failure while authenticating is a 503 problem, never a 500 and never a 401. */
@MicronautTest
@Property(name = "test.unreachable-store", value = "true")
class UnreachableStoreTest extends HttpApiTest {

    @Singleton
    @Replaces(VerificationService.class)
    @Requires(property = "test.unreachable-store", value = "true")
    static VerificationService unreachable(SecretHasher hasher,
                                           @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        // nothing cached: only the (unreachable) store can tell
        return TestWiring.verificationOver(id -> {
            VERIFYING_THREADS.add(Thread.currentThread().getName());
            throw new StoreUnavailable(new java.sql.SQLException("Communications link failure"));
        }, hasher, blocking);
    }

    private static final Set<String> VERIFYING_THREADS = ConcurrentHashMap.newKeySet();

    @Test
    void answers503Unavailable() {
        String key = unknownKey();

        Api.Response response = api.get("/v1/me", "X-API-Key", key).isProblem(503, "unavailable");

        assertThat(response.body()).doesNotContain(key).doesNotContain("Communications");
    }

    @Test
    void forwardAuthAndVerifyAnswer503TooNever401() {
        String key = unknownKey();

        Api.Response gateway = api.get("/v1/auth", "X-API-Key", key).isProblem(503, "unavailable");

        assertThat(gateway.header("Retry-After")).isNotBlank();
        assertThat(gateway.body()).doesNotContain(key);
    }

    @Test
    void aGatewayThatAsksForA403GetsA403WithRetryAfterForAnOutage() {
        String key = unknownKey();

        Api.Response mapped = api.get("/v1/auth/orders", "X-API-Key", key,
                "X-Latchkey-Refusal-Status", "403");

        assertThat(mapped.status()).as(mapped.body()).isEqualTo(403);
        assertThat(mapped.field("code")).isEqualTo("unavailable");
        assertThat(mapped.field("status")).isEqualTo(403);
        assertThat(mapped.header("Retry-After")).isEqualTo("5");
        assertThat(mapped.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void theStoreIsReadOffTheEventLoop() {
        VERIFYING_THREADS.clear();
        String key = unknownKey();

        api.get("/v1/me", "X-API-Key", key);
        api.get("/v1/auth", "X-API-Key", key).isProblem(503, "unavailable");

        assertThat(VERIFYING_THREADS).isNotEmpty().noneMatch(name -> name.contains("eventLoop"));
    }

    @Test
    void anonymousRoutesStillWork() {
        String key = unknownKey();

        assertThat(api.get("/livez", "X-API-Key", key).status()).isEqualTo(200);
    }
}
