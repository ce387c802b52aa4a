package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.KeyId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of verifying a presented key: a value, never an exception. Either carries the key's rate-limit state
 * when the key has a limit and the use was counted against it.
 */
public sealed interface Verification {

    /**
     * The key is genuine and every policy accepted it; {@code remaining} is its quota after this use when it has
     * one.
     */
    record Valid(VerifiableKey key, Optional<RateLimitState> rateLimit, OptionalLong remaining)
            implements Verification {
        public Valid {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(rateLimit, "rateLimit");
            Objects.requireNonNull(remaining, "remaining");
        }

        /** A valid use of a key with neither a rate limit nor a quota (or before they were applied). */
        public Valid(VerifiableKey key) {
            this(key, Optional.empty(), OptionalLong.empty());
        }
    }

    /** The key was refused; {@code keyId} is known when the key parsed (never the secret). */
    record Rejected(RejectionReason reason, Optional<KeyId> keyId, Optional<RateLimitState> rateLimit)
            implements Verification {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(rateLimit, "rateLimit");
        }

        public Rejected(RejectionReason reason, Optional<KeyId> keyId) {
            this(reason, keyId, Optional.empty());
        }

        /** The refusal of a key that does not parse: no key id is known. */
        public static Rejected malformed() {
            return new Rejected(RejectionReason.MALFORMED, Optional.empty());
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** The key's rate-limit state after this use, when it has a limit and the use reached it. */
    Optional<RateLimitState> rateLimit();
}
