package dev.latchkey.application.service;

import dev.latchkey.application.port.in.VerifyApiKey;
import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.KeyVerifier;
import dev.latchkey.domain.verification.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Verifies presented keys: one read by key id, then the domain's policies. {@code lastUsedAt} is written
 * at most once per {@link #LAST_USED_PRECISION} per key, so that verification stays a read.
 */
public final class VerificationService implements VerifyApiKey {

    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final VerifiableKeys verifiableKeys;
    private final ApiKeys apiKeys;
    private final KeyVerifier verifier;
    private final Clock clock;

    public VerificationService(VerifiableKeys verifiableKeys, ApiKeys apiKeys, KeyVerifier verifier, Clock clock) {
        this.verifiableKeys = verifiableKeys;
        this.apiKeys = apiKeys;
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public Verification verify(String presentedKey, Set<Scope> requiredScopes) {
        Instant now = StoreTime.now(clock);
        Verification result = verifier.verify(presentedKey, requiredScopes, now, verifiableKeys::findForVerification);
        if (result instanceof Verification.Valid valid && lastUseIsStale(valid.key(), now)) {
            apiKeys.recordUse(valid.key().id(), now);
        }
        return result;
    }

    private static boolean lastUseIsStale(ApiKey key, Instant now) {
        return key.lastUsedAt() == null || !now.isBefore(key.lastUsedAt().plus(LAST_USED_PRECISION));
    }
}
