package dev.latchkey.adapter.in.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.verification.ExplainVerdict;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.Verification;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MeteredVerificationTest {

    private static final VerificationRequest REQUEST = new VerificationRequest("k", VerificationRequest.Origin.NONE);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String outcome) {
        return registry.get(MeteredVerification.COUNTER).tag("outcome", outcome).counter().count();
    }

    @Test
    void verificationsThatFailAreCountedByWhyWhenTheyFail() {
        CompletableFuture<Verification> lostLater = new CompletableFuture<>();
        MeteredVerification lost = new MeteredVerification(request -> lostLater, registry);
        MeteredVerification lostAtOnce = new MeteredVerification(
                request -> CompletableFuture.failedFuture(new StoreUnavailable(null)), registry);
        MeteredVerification buggy = new MeteredVerification(
                request -> CompletableFuture.failedFuture(new CompletionException(new IllegalStateException())),
                registry);

        CompletableFuture<Verification> pending = lost.verify(REQUEST).toCompletableFuture();
        lostAtOnce.verify(REQUEST);
        buggy.verify(REQUEST);
        assertThat(count(MeteredVerification.STORE_UNAVAILABLE)).isEqualTo(1);
        lostLater.completeExceptionally(new CompletionException(new StoreUnavailable(null)));

        assertThat(pending).isCompletedExceptionally();
        assertThat(count(MeteredVerification.STORE_UNAVAILABLE)).isEqualTo(2);
        assertThat(count(MeteredVerification.ERROR)).isEqualTo(1);
        assertThat(count(MeteredVerification.VALID)).isZero();
    }

    @Test
    void aVerdictIsCountedByOutcomeWhenItArrives() {
        CompletableFuture<Verification> later = new CompletableFuture<>();
        MeteredVerification metered = new MeteredVerification(request -> later, registry);

        metered.verify(REQUEST);
        assertThat(count(RejectionReason.NOT_FOUND.name())).isZero();
        later.complete(new Verification.Rejected(RejectionReason.NOT_FOUND, Optional.of(new KeyId("0123456789ab"))));

        assertThat(count(RejectionReason.NOT_FOUND.name())).isEqualTo(1);
        assertThat(registry.get(MeteredVerification.TIMER).timer().count()).isEqualTo(1);
    }

    @Test
    void anExplainedVerdictIsCountedWithTheOthers() {
        MeteredVerification metered = new MeteredVerification(request -> new CompletableFuture<>(), registry);
        ExplainVerdict explained = metered.explaining((caller, request) -> CompletableFuture.completedFuture(
                new ExplainVerdict.ExplainedVerdict(new Verification.Rejected(RejectionReason.REVOKED,
                        Optional.of(new KeyId("0123456789ab"))), List.of())));

        explained.explain(Caller.SERVICE, REQUEST);

        assertThat(count(RejectionReason.REVOKED.name())).isEqualTo(1);
        assertThat(registry.get(MeteredVerification.TIMER).timer().count()).isEqualTo(1);
    }
}
