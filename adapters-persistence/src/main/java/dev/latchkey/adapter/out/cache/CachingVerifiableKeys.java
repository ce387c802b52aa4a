package dev.latchkey.adapter.out.cache;

import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.VerifiableKey;
import java.util.Optional;

/** The verification read with a {@link VerificationCache} in front: read-through, hits without I/O. */
public final class CachingVerifiableKeys implements VerifiableKeys {

    private final VerifiableKeys store;
    private final VerificationCache cache;

    public CachingVerifiableKeys(VerifiableKeys store, VerificationCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public Optional<VerifiableKey> findForVerification(KeyId id) {
        return cache.get(id, store::findForVerification);
    }

    @Override
    public Optional<Answer> findAtHand(KeyId id) {
        return cache.atHand(id).map(Answer::new);
    }
}
