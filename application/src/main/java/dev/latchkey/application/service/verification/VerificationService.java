package dev.latchkey.application.service.verification;

import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.application.port.out.usage.UsageCounts;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.verification.LastUse;
import dev.latchkey.application.port.out.verification.RateLimiter;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.application.port.out.verification.VerificationEvents;
import dev.latchkey.application.service.store.StoreTime;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.KeyVerifier;
import dev.latchkey.domain.verification.RateLimitState;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.StepDetail;
import dev.latchkey.domain.verification.VerifiableKey;
import dev.latchkey.domain.verification.Verification;
import dev.latchkey.domain.verification.VerificationEvent;
import dev.latchkey.domain.verification.VerificationStep;
import dev.latchkey.domain.verification.VerificationTrace;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Verifies presented keys, one entry ({@link VerifyApiKey#verify}): the key is parsed once (no lookup for a malformed
 * key), looked up once by key id, then judged by the domain's policies, then held to its limits: its rate limit (in
 * memory, or one round trip to a shared store, awaited without blocking) and, only for a key with a quota, one
 * conditional decrement in the store. What needs no blocking I/O (a malformed key, a cached lookup of a key without a
 * quota) is decided on the calling thread; a lookup the cache cannot answer, and a quota, go to the {@code storeReads}
 * executor. A valid use is handed to {@link LastUse}, which writes it behind: verification itself writes nothing else.
 * The origin of the key comes with the request, as plain values: nothing here reads a request of any protocol.
 */
public final class VerificationService implements VerifyApiKey {

    /** What limits keys' use: their rate limits and their quotas. */
    public record Limits(RateLimiter rateLimiter, UsageQuotas quotas) {
    }

    /**
     * What keeps account of uses, none of it blocking: last use (written behind), every verdict
     * ({@link VerificationEvents}), usage counts (in memory).
     */
    public record Accounting(LastUse lastUse, VerificationEvents events, UsageCounts usage) {
    }

    private final VerifiableKeys verifiableKeys;
    private final KeyVerifier verifier;
    private final Limits limits;
    private final Accounting accounting;
    private final Executor storeReads;
    private final Clock clock;

    /** {@code storeReads}: where work that may block on the store runs (never the caller's thread). */
    public VerificationService(VerifiableKeys verifiableKeys, KeyVerifier verifier, Limits limits,
                               Accounting accounting, Executor storeReads, Clock clock) {
        this.verifiableKeys = verifiableKeys;
        this.verifier = verifier;
        this.limits = limits;
        this.accounting = accounting;
        this.storeReads = storeReads;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Verification> verify(VerificationRequest request) {
        return verify(request, VerificationTrace.OFF);
    }

    /**
     * {@link #verify(VerificationRequest)}, each step taken recorded into {@code trace} by the code that takes it
     * (the domain's verifier and policies, then the rate limit and the quota here): an explained verdict
     * ({@link ExplanationService}) is the same verification, counted and limited as any other.
     */
    CompletionStage<Verification> verify(VerificationRequest request, VerificationTrace trace) {
        try {
            Optional<ApiKeyToken> parsed = KeyVerifier.parse(request.presentedKey(), trace);
            if (parsed.isEmpty()) {
                return CompletableFuture.completedFuture(
                        noteUse(Verification.Rejected.malformed(), StoreTime.now(clock), request.origin()));
            }
            ApiKeyToken token = parsed.get();
            Optional<VerifiableKeys.Answer> atHand = verifiableKeys.findAtHand(token.keyId());
            if (atHand.isEmpty()) {
                return CompletableFuture.supplyAsync(() -> {
                    Optional<VerifiableKey> read = verifiableKeys.findForVerification(token.keyId());
                    return inStore(decide(token, read, request, trace), trace);
                }, storeReads);
            }
            Decided decided = decide(token, atHand.get().key(), request, trace);
            if (decided.verification() instanceof Verification.Valid valid && valid.key().hasQuota()) {
                // the quota is taken in the store: off the caller's thread, with the lookup already made
                return CompletableFuture.supplyAsync(() -> inStore(decided, trace), storeReads);
            }
            // a limiter shared over the network completes on its own thread, which then only keeps account (a key
            // without a quota: applyQuota takes nothing, and only records that it has none)
            return applyRateLimit(decided.verification(), trace)
                    .thenApply(limited -> noteUse(applyQuota(limited, trace), decided.at(), decided.request().origin()));
        } catch (RuntimeException e) { // the cache may not classify an id yet; a full executor refuses work
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A verdict of the policies, at the store's time, with what is needed to finish it. */
    private record Decided(Verification verification, Instant at, VerificationRequest request) {
    }

    private Decided decide(ApiKeyToken token, Optional<VerifiableKey> found, VerificationRequest request,
                           VerificationTrace trace) {
        Instant now = StoreTime.now(clock);
        return new Decided(verifier.decide(token, found, request.requiredScopes(), now,
                request.origin().clientAddress(), trace), now, request);
    }

    /**
     * The rest of a verdict where blocking is allowed: a limiter shared over the network answers within its timeout
     * and never fails, so waiting for it here is bounded; then the quota.
     */
    private Verification inStore(Decided decided, VerificationTrace trace) {
        Verification limited = applyRateLimit(decided.verification(), trace).toCompletableFuture().join();
        return noteUse(applyQuota(limited, trace), decided.at(), decided.request().origin());
    }

    /**
     * A valid key's rate limit, checked before its quota: a use the rate limit refuses takes nothing from the quota.
     */
    private CompletionStage<Verification> applyRateLimit(Verification decided, VerificationTrace trace) {
        if (!(decided instanceof Verification.Valid valid) || valid.key().rateLimit() == null) {
            if (trace.recording()) {
                traceNoLimit(decided, VerificationStep.RATE_LIMIT, "the key has no rate limit", trace);
            }
            return CompletableFuture.completedFuture(decided);
        }
        VerifiableKey key = valid.key();
        // a key and the keys rotated from it share one bucket: during a grace period they never get more together
        CompletionStage<RateLimitState> acquired = limits.rateLimiter().tryAcquire(key.limitsKeyId(), key.rateLimit());
        if (trace.recording()) { // apart, so that an ordinary verification's stage captures no trace
            return acquired.thenApply(state -> rateLimited(key, traceRateLimit(state, trace)));
        }
        return acquired.thenApply(state -> rateLimited(key, state));
    }

    private static Verification rateLimited(VerifiableKey key, RateLimitState state) {
        return state.allowed()
                ? new Verification.Valid(key, Optional.of(state), OptionalLong.empty())
                : new Verification.Rejected(RejectionReason.RATE_LIMITED, Optional.of(key.id()), Optional.of(state));
    }

    private static RateLimitState traceRateLimit(RateLimitState state, VerificationTrace trace) {
        trace.record(VerificationStep.RATE_LIMIT, state.allowed(), StepDetail.rateLimit(state.remaining() + " of "
                + state.limit() + " left, whole again in " + state.resetSeconds() + " s", state.remaining(),
                state.resetSeconds()));
        return state;
    }

    /** A {@code limit} a valid key does not have passes, saying so; for a refused key it is not reached. */
    private static void traceNoLimit(Verification verdict, VerificationStep limit, String why,
                                     VerificationTrace trace) {
        if (verdict.isValid()) {
            trace.record(limit, true, StepDetail.text(why));
        }
    }

    private static void traceQuota(OptionalLong remaining, VerificationTrace trace) {
        long left = remaining.orElse(0);
        trace.record(VerificationStep.QUOTA, remaining.isPresent(), StepDetail.quota(remaining.isPresent()
                ? left + " uses left after this one" : "no use left", left));
    }

    /** A valid key's quota, once its rate limit let the use through: one conditional decrement in the store. */
    private Verification applyQuota(Verification limited, VerificationTrace trace) {
        if (!(limited instanceof Verification.Valid valid) || !valid.key().hasQuota()) {
            if (trace.recording()) {
                traceNoLimit(limited, VerificationStep.QUOTA, "the key has no quota", trace);
            }
            return limited;
        }
        VerifiableKey key = valid.key();
        OptionalLong remaining = limits.quotas().takeUse(key.limitsKeyId());
        if (trace.recording()) {
            traceQuota(remaining, trace);
        }
        if (remaining.isEmpty()) {
            return new Verification.Rejected(RejectionReason.USAGE_EXCEEDED, Optional.of(key.id()), valid.rateLimit());
        }
        return new Verification.Valid(key, valid.rateLimit(), remaining);
    }

    /**
     * Keeps account of a verdict: last use of a valid key, usage counts of a genuine key (valid, or rejected once its
     * secret matched: guesses are not counted against a key), and a verification event for every verdict.
     */
    private Verification noteUse(Verification result, Instant now, VerificationRequest.Origin origin) {
        if (result instanceof Verification.Valid valid) {
            accounting.lastUse().record(valid.key().id(), now);
            accounting.usage().count(valid.key().id(), true, now);
        } else {
            Verification.Rejected rejected = (Verification.Rejected) result;
            KeyId keyId = rejected.keyId().orElse(null);
            if (keyId != null && rejected.reason().genuineKey()) {
                accounting.usage().count(keyId, false, now);
            }
        }
        accounting.events().record(VerificationEvent.of(result, now, origin.clientAddress(), origin.requestId(),
                origin.route(), origin.askingKeyId(), origin.userAgent()));
        return result;
    }
}
