package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.application.port.in.VerifyApiKey;
import dev.latchkey.application.port.out.StoreUnavailable;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.Verification;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletionStage;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeteredVerificationTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String outcome) {
        return registry.get(MeteredVerification.COUNTER).tag("outcome", outcome).counter().count();
    }

    private static VerifyApiKey failingWith(RuntimeException failure) {
        return new VerifyApiKey() {
            @Override
            public Verification verify(String presentedKey, Set<Scope> requiredScopes) {
                throw failure;
            }

            @Override
            public Optional<CompletionStage<Verification>> verifyAtHand(String presentedKey, Set<Scope> requiredScopes) {
                throw failure;
            }
        };
    }

    @Test
    void verificationsThatFailAreCountedByWhy() {
        MeteredVerification lost = new MeteredVerification(failingWith(new StoreUnavailable(null)), registry);
        MeteredVerification buggy = new MeteredVerification(failingWith(new IllegalStateException()), registry);

        assertThatThrownBy(() -> lost.verify("k", Set.of())).isInstanceOf(StoreUnavailable.class);
        assertThatThrownBy(() -> lost.verifyAtHand("k", Set.of())).isInstanceOf(StoreUnavailable.class);
        assertThatThrownBy(() -> buggy.verify("k", Set.of())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> buggy.verifyAtHand("k", Set.of())).isInstanceOf(IllegalStateException.class);

        assertThat(count(MeteredVerification.STORE_UNAVAILABLE)).isEqualTo(2);
        assertThat(count(MeteredVerification.ERROR)).isEqualTo(2);
        assertThat(count(MeteredVerification.VALID)).isZero();
    }
}
