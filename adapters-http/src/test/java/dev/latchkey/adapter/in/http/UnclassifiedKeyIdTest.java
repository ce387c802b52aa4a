package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.application.service.verification.VerificationService;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A key id the cache cannot classify yet (its filter of known ids is loading) and may not read now (the budget of such
 * reads is spent) is refused at hand as unavailable: 503 with Retry-After, never 401 (the key may be genuine), and
 * nothing goes on to the store.
 */
@MicronautTest
@Property(name = "test.unclassified-key-id", value = "true")
class UnclassifiedKeyIdTest extends HttpApiTest {

    private static final AtomicInteger STORE_READS = new AtomicInteger();

    @Singleton
    @Replaces(VerificationService.class)
    @Requires(property = "test.unclassified-key-id", value = "true")
    static VerificationService unclassified(SecretHasher hasher) {
        return TestWiring.verificationOver(new VerifiableKeys() {
            @Override
            public Optional<VerifiableKey> findForVerification(KeyId id) {
                STORE_READS.incrementAndGet();
                throw new AssertionError("refused at hand: the store is not asked");
            }

            @Override
            public Optional<Answer> findAtHand(KeyId id) {
                throw new StoreUnavailable(new IllegalStateException("the filter of known key ids is still loading"));
            }
        }, hasher, task -> {
            throw new AssertionError("nothing goes to the blocking pool");
        });
    }

    @Test
    void isUnavailableWithRetryAfterOnTheGatewayAndEveryRoute() {
        String key = unknownKey();

        Api.Response gateway = api.get("/v1/auth", "X-API-Key", key).isProblem(503, "unavailable");
        api.get("/v1/me", "X-API-Key", key).isProblem(503, "unavailable");

        assertThat(gateway.header("Retry-After")).isNotBlank();
        assertThat(gateway.body()).doesNotContain(key).doesNotContain("filter");
        assertThat(STORE_READS).hasValue(0);
    }
}
