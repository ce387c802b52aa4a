package dev.latchkey.application.service;

import dev.latchkey.application.port.in.VerifyApiKey;
import dev.latchkey.application.port.out.LastUse;
import dev.latchkey.application.port.out.RateLimiter;
import dev.latchkey.application.port.out.RequestOrigins;
import dev.latchkey.application.port.out.UsageCounts;
import dev.latchkey.application.port.out.UsageQuotas;
import dev.latchkey.application.port.out.VerifiableKeys;
import dev.latchkey.application.port.out.VerificationEvents;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.verification.KeyVerifier;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.VerifiableKey;
import dev.latchkey.domain.verification.Verification;
import dev.latchkey.domain.verification.VerificationEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Verifies presented keys: one read by key id (or its cached answer), then the domain's policies, then the key's
 * limits: its rate limit (in memory, or one round trip to a shared store, awaited without blocking on the event loop)
 * and, only for a key with a quota, one conditional decrement in the store. A valid use is handed to {@link LastUse}, which writes it behind: verification itself writes nothing else.
 */
public final class VerificationService implements VerifyApiKey {

    /** What limits keys' use: their rate limits and their quotas. */
    public record Limits(RateLimiter rateLimiter, UsageQuotas quotas) {
    }

    /**
     * What keeps account of uses, none of it blocking: last use (written behind), every verdict
     * ({@link VerificationEvents}), usage counts (in memory), and the origin of the request for the events.
     */
    public record Accounting(LastUse lastUse, VerificationEvents events, UsageCounts usage, RequestOrigins origins) {
    }

    private final VerifiableKeys verifiableKeys;
    private final KeyVerifier verifier;
    private final Limits limits;
    private final Accounting accounting;
    private final Clock clock;

    public VerificationService(VerifiableKeys verifiableKeys, KeyVerifier verifier, Limits limits,
                               Accounting accounting, Clock clock) {
        this.verifiableKeys = verifiableKeys;
        this.verifier = verifier;
        this.limits = limits;
        this.accounting = accounting;
        this.clock = clock;
    }

    @Override
    public Verification verify(String presentedKey, Set<Scope> requiredScopes) {
        Instant now = StoreTime.now(clock);
        AuditEvent.Origin origin = accounting.origins().current();
        Verification decided = verifier.verify(presentedKey, requiredScopes, now, origin.clientIp(),
                verifiableKeys::findForVerification);
        // a limiter shared over the network answers within its timeout and never fails: waiting here is bounded
        return noteUse(applyQuota(applyRateLimit(decided).toCompletableFuture().join()), now, origin);
    }

    @Override
    public Optional<CompletionStage<Verification>> verifyAtHand(String presentedKey, Set<Scope> requiredScopes) {
        AuditEvent.Origin origin = accounting.origins().current();
        Optional<ApiKeyToken> token = ApiKeyToken.parse(presentedKey);
        if (token.isEmpty()) {
            return Optional.of(CompletableFuture.completedFuture(
                    noteUse(Verification.Rejected.malformed(), StoreTime.now(clock), origin)));
        }
        Optional<VerifiableKeys.Answer> answer = verifiableKeys.findAtHand(token.get().keyId());
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        Instant now = StoreTime.now(clock);
        Verification decided = verifier.decide(token.get(), answer.get().key(), requiredScopes, now,
                origin.clientIp());
        if (decided instanceof Verification.Valid valid && valid.key().hasQuota()) {
            return Optional.empty(); // the quota is taken in the store: by verify
        }
        // the origin was read on the caller's thread: a shared limiter completes on its own
        return Optional.of(applyRateLimit(decided).thenApply(limited -> noteUse(limited, now, origin)));
    }

    /**
     * A valid key's rate limit, checked before its quota: a use the rate limit refuses takes nothing from the quota.
     */
    private CompletionStage<Verification> applyRateLimit(Verification decided) {
        if (!(decided instanceof Verification.Valid valid) || valid.key().rateLimit() == null) {
            return CompletableFuture.completedFuture(decided);
        }
        VerifiableKey key = valid.key();
        // a key and the keys rotated from it share one bucket: during a grace period they never get more together
        return limits.rateLimiter().tryAcquire(key.limitsKeyId(), key.rateLimit()).thenApply(state -> state.allowed()
                ? new Verification.Valid(key, Optional.of(state), OptionalLong.empty())
                : new Verification.Rejected(RejectionReason.RATE_LIMITED, Optional.of(key.id()), Optional.of(state)));
    }

    /** A valid key's quota, once its rate limit let the use through: one conditional decrement in the store. */
    private Verification applyQuota(Verification limited) {
        if (!(limited instanceof Verification.Valid valid) || !valid.key().hasQuota()) {
            return limited;
        }
        VerifiableKey key = valid.key();
        OptionalLong remaining = limits.quotas().takeUse(key.limitsKeyId());
        if (remaining.isEmpty()) {
            return new Verification.Rejected(RejectionReason.USAGE_EXCEEDED, Optional.of(key.id()), valid.rateLimit());
        }
        return new Verification.Valid(key, valid.rateLimit(), remaining);
    }

    /**
     * Keeps account of a verdict: last use of a valid key, usage counts of a genuine key (valid, or rejected once its
     * secret matched: guesses are not counted against a key), and a verification event for every verdict.
     */
    private Verification noteUse(Verification result, Instant now, AuditEvent.Origin origin) {
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
        accounting.events().record(VerificationEvent.of(result, now, origin.clientIp(), origin.requestId(), null,
                origin.actorKeyId()));
        return result;
    }
}
