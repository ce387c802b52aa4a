package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.KeyId;
import java.util.Objects;
import java.util.Optional;

/** The outcome of verifying a presented key: a value, never an exception. */
public sealed interface Verification {

    /** The key is genuine and every policy accepted it. */
    record Valid(VerifiableKey key) implements Verification {
        public Valid {
            Objects.requireNonNull(key, "key");
        }
    }

    /** The key was refused; {@code keyId} is known when the key parsed (never the secret). */
    record Rejected(RejectionReason reason, Optional<KeyId> keyId) implements Verification {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(keyId, "keyId");
        }

        /** The refusal of a key that does not parse: no key id is known. */
        public static Rejected malformed() {
            return new Rejected(RejectionReason.MALFORMED, Optional.empty());
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
