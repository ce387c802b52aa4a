package dev.latchkey.adapter.in.metrics;

import dev.latchkey.application.port.in.verification.ExplainVerdict;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.Verification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Counts verifications by outcome ({@code latchkey_verifications_total{outcome="VALID"|"REVOKED"|...}}, and
 * {@code outcome="STORE_UNAVAILABLE"} or {@code "ERROR"} for a verification that gave no verdict because it failed)
 * and times them as a histogram ({@code latchkey_verification_seconds}). Labels carry outcomes only, never key
 * material.
 */
public final class MeteredVerification implements VerifyApiKey {

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

    public MeteredVerification(VerifyApiKey delegate, MeterRegistry registry) {
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

    /** Counted and timed when the verdict arrives (at once, or from the store or the shared limiter). */
    @Override
    public CompletionStage<Verification> verify(VerificationRequest request) {
        long start = System.nanoTime();
        CompletionStage<Verification> verdict;
        try {
            verdict = delegate.verify(request);
        } catch (RuntimeException e) { // the port never throws; counted all the same if one did
            failed(e);
            throw e;
        }
        return verdict.whenComplete((answered, failure) -> {
            if (failure != null) {
                failed(failure);
            } else {
                counted(answered, start);
            }
        });
    }

    /**
     * {@code delegate}'s explained verdicts, counted and timed with the rest: an explained verdict is a verification
     * too. A caller refused the explanation (it throws at once) verified nothing and is not counted.
     */
    public ExplainVerdict explaining(ExplainVerdict delegate) {
        return (caller, request) -> {
            long start = System.nanoTime();
            return delegate.explain(caller, request).whenComplete((answered, failure) -> {
                if (failure != null) {
                    failed(failure);
                } else {
                    counted(answered.verification(), start);
                }
            });
        };
    }

    private void failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        (cause instanceof StoreUnavailable ? storeUnavailable : error).increment();
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
