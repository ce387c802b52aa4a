package dev.latchkey.bootstrap;

import dev.latchkey.application.port.in.VerifyApiKey;
import dev.latchkey.application.port.out.StoreUnavailable;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.Verification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Counts verifications by outcome ({@code latchkey_verifications_total{outcome="VALID"|"REVOKED"|...}}, and
 * {@code outcome="STORE_UNAVAILABLE"} or {@code "ERROR"} for a verification that gave no verdict because it failed)
 * and times them as a histogram ({@code latchkey_verification_seconds}). Labels carry outcomes only, never key
 * material.
 */
final class MeteredVerification implements VerifyApiKey {

    static final String COUNTER = "latchkey.verifications";
    static final String TIMER = "latchkey.verification";
    static final String VALID = "VALID";
    static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
    static final String ERROR = "ERROR";

    private final VerifyApiKey delegate;
    private final Timer timer;
    private final Counter valid;
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Counter storeUnavailable;
    private final Counter error;

    MeteredVerification(VerifyApiKey delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.timer = Timer.builder(TIMER).description("Time to verify a presented API key")
                .publishPercentileHistogram().register(registry);
        this.valid = counter(registry, VALID);
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, counter(registry, reason.name()));
        }
        this.storeUnavailable = counter(registry, STORE_UNAVAILABLE);
        this.error = counter(registry, ERROR);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(COUNTER).description("API key verifications by outcome").tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public Verification verify(String presentedKey, Set<Scope> requiredScopes) {
        long start = System.nanoTime();
        Verification result;
        try {
            result = delegate.verify(presentedKey, requiredScopes);
        } catch (StoreUnavailable e) {
            storeUnavailable.increment();
            throw e;
        } catch (RuntimeException e) {
            error.increment();
            throw e;
        }
        return counted(result, start);
    }

    /** Counted only when it gives a verdict (when it arrives): otherwise {@link #verify} follows and counts it. */
    @Override
    public Optional<CompletionStage<Verification>> verifyAtHand(String presentedKey, Set<Scope> requiredScopes) {
        long start = System.nanoTime();
        Optional<CompletionStage<Verification>> result;
        try {
            result = delegate.verifyAtHand(presentedKey, requiredScopes);
        } catch (StoreUnavailable e) { // the cache cannot classify the key id yet and may not ask the store now
            storeUnavailable.increment();
            throw e;
        } catch (RuntimeException e) {
            error.increment();
            throw e;
        }
        return result.map(verdict -> verdict.whenComplete((answered, failure) -> {
            if (failure != null) {
                error.increment();
            } else {
                counted(answered, start);
            }
        }));
    }

    private Verification counted(Verification result, long start) {
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (result instanceof Verification.Rejected refusal) {
            rejected.get(refusal.reason()).increment();
        } else {
            valid.increment();
        }
        return result;
    }
}
