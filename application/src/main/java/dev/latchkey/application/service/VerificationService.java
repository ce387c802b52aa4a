package dev.latchkey.application.service;

import dev.latchkey.application.port.in.VerifyApiKey;
import dev.latchkey.application.port.out.LastUse;
import dev.latchkey.application.port.out.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.KeyVerifier;
import dev.latchkey.domain.verification.Verification;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies presented keys: one read by key id (or its cached answer), then the domain's policies. A valid use is
 * handed to {@link LastUse}, which writes it behind: verification itself never writes.
 */
public final class VerificationService implements VerifyApiKey {

    private final VerifiableKeys verifiableKeys;
    private final LastUse lastUse;
    private final KeyVerifier verifier;
    private final Clock clock;

    public VerificationService(VerifiableKeys verifiableKeys, LastUse lastUse, KeyVerifier verifier, Clock clock) {
        this.verifiableKeys = verifiableKeys;
        this.lastUse = lastUse;
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public Verification verify(String presentedKey, Set<Scope> requiredScopes) {
        Instant now = StoreTime.now(clock);
        return noteUse(verifier.verify(presentedKey, requiredScopes, now, verifiableKeys::findForVerification), now);
    }

    @Override
    public Optional<Verification> verifyAtHand(String presentedKey, Set<Scope> requiredScopes) {
        Optional<ApiKeyToken> token = ApiKeyToken.parse(presentedKey);
        if (token.isEmpty()) {
            return Optional.of(Verification.Rejected.malformed());
        }
        Optional<VerifiableKeys.Answer> answer = verifiableKeys.findAtHand(token.get().keyId());
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        Instant now = StoreTime.now(clock);
        return Optional.of(noteUse(verifier.decide(token.get(), answer.get().key(), requiredScopes, now), now));
    }

    private Verification noteUse(Verification result, Instant now) {
        if (result instanceof Verification.Valid valid) {
            lastUse.record(valid.key().id(), now);
        }
        return result;
    }
}
