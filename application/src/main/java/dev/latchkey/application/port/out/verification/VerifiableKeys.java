package dev.latchkey.application.port.out.verification;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.VerifiableKey;
import java.util.Optional;

/**
 * The single read verification makes: a key and its owner's status, by key id (an indexed read).
 * Kept apart from {@link ApiKeys} so that a cache can sit in front of exactly this read.
 */
public interface VerifiableKeys {

    /** Reads the key with id {@code id}; may block on the store. */
    Optional<VerifiableKey> findForVerification(KeyId id);

    /**
     * What {@link #findForVerification} would answer, when that is known without blocking I/O (a cache holds it);
     * empty when only the store can tell. A store has nothing at hand: this default.
     */
    default Optional<Answer> findAtHand(KeyId id) {
        return Optional.empty();
    }

    /** An answer of {@link #findForVerification} known in advance: the key, or that there is none. */
    record Answer(Optional<VerifiableKey> key) {

        private static final Answer NONE = new Answer(Optional.empty());

        public Answer {
            java.util.Objects.requireNonNull(key, "key");
        }

        /** There is no key with that id. */
        public static Answer none() {
            return NONE;
        }
    }
}
