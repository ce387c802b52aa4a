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

    /**
     * The key was refused; {@code keyId} is known when the key parsed (never the secret). {@code honeytoken}: the key
     * was a honeytoken presented with its genuine secret, refused as {@link RejectionReason#NOT_FOUND} exactly as a
     * wrong secret is; a marker for accounting (the alert), which no answer, log line or metric shows.
     */
    record Rejected(RejectionReason reason, Optional<KeyId> keyId, Optional<RateLimitState> rateLimit,
                    boolean honeytoken) implements Verification {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(rateLimit, "rateLimit");
            if (honeytoken && (reason != RejectionReason.NOT_FOUND || keyId.isEmpty() || rateLimit.isPresent())) {
                throw new IllegalArgumentException("a honeytoken is refused as NOT_FOUND, with its key id only");
            }
        }

        public Rejected(RejectionReason reason, Optional<KeyId> keyId, Optional<RateLimitState> rateLimit) {
            this(reason, keyId, rateLimit, false);
        }

        public Rejected(RejectionReason reason, Optional<KeyId> keyId) {
            this(reason, keyId, Optional.empty());
        }

        /** The refusal of a key that does not parse: no key id is known. */
        public static Rejected malformed() {
            return new Rejected(RejectionReason.MALFORMED, Optional.empty());
        }

        /** The refusal of honeytoken {@code keyId} presented with its secret: as a wrong secret's, marked. */
        public static Rejected honeytoken(KeyId keyId) {
            return new Rejected(RejectionReason.NOT_FOUND, Optional.of(keyId), Optional.empty(), true);
        }

        /** As a wrong secret's refusal would print: never tells a honeytoken. */
        @Override
        public String toString() {
            return "Rejected[reason=" + reason + ", keyId=" + keyId + ", rateLimit=" + rateLimit + "]";
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** The key's rate-limit state after this use, when it has a limit and the use reached it. */
    Optional<RateLimitState> rateLimit();
}
