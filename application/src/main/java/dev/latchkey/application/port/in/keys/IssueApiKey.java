package dev.latchkey.application.port.in.keys;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyAlerts;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues a new key for a user; the full key exists only in the result. Throws {@code UserNotFound}, and
 * {@code InsufficientPrivilege} when {@code caller} does not hold a built-in scope it would grant, or issues a
 * honeytoken without holding {@code admin}.
 */
public interface IssueApiKey {

    IssuedApiKey issue(Caller caller, Command command);

    /**
     * What the new key is for; {@code prefix} defaults to the configured one; no {@code rateLimit} or
     * {@code remaining}: unlimited; no {@code allowedCidrs}: usable from any address; no {@code alerts}: every
     * alert on; {@code honeytoken}: a decoy that never authenticates and alerts when presented (then neither
     * {@code rateLimit} nor {@code remaining}).
     */
    record Command(UserId owner, String name, Scopes scopes, Optional<KeyPrefix> prefix,
                   Optional<Instant> expiresAt, Optional<KeyMetadata> meta, Optional<RateLimit> rateLimit,
                   Optional<Long> remaining, Optional<AllowedCidrs> allowedCidrs, Optional<KeyAlerts> alerts,
                   boolean honeytoken) {
        public Command {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(scopes, "scopes");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(meta, "meta");
            Objects.requireNonNull(rateLimit, "rateLimit");
            Objects.requireNonNull(remaining, "remaining");
            Objects.requireNonNull(allowedCidrs, "allowedCidrs");
            Objects.requireNonNull(alerts, "alerts");
        }

        /** A key that is not a honeytoken. */
        public Command(UserId owner, String name, Scopes scopes, Optional<KeyPrefix> prefix,
                       Optional<Instant> expiresAt, Optional<KeyMetadata> meta, Optional<RateLimit> rateLimit,
                       Optional<Long> remaining, Optional<AllowedCidrs> allowedCidrs, Optional<KeyAlerts> alerts) {
            this(owner, name, scopes, prefix, expiresAt, meta, rateLimit, remaining, allowedCidrs, alerts, false);
        }

        /** A key with every alert on. */
        public Command(UserId owner, String name, Scopes scopes, Optional<KeyPrefix> prefix,
                       Optional<Instant> expiresAt, Optional<KeyMetadata> meta, Optional<RateLimit> rateLimit,
                       Optional<Long> remaining, Optional<AllowedCidrs> allowedCidrs, boolean honeytoken) {
            this(owner, name, scopes, prefix, expiresAt, meta, rateLimit, remaining, allowedCidrs, Optional.empty(),
                    honeytoken);
        }

        /** A key with every alert on that is not a honeytoken. */
        public Command(UserId owner, String name, Scopes scopes, Optional<KeyPrefix> prefix,
                       Optional<Instant> expiresAt, Optional<KeyMetadata> meta, Optional<RateLimit> rateLimit,
                       Optional<Long> remaining, Optional<AllowedCidrs> allowedCidrs) {
            this(owner, name, scopes, prefix, expiresAt, meta, rateLimit, remaining, allowedCidrs, false);
        }

        /** A key usable from any address. */
        public Command(UserId owner, String name, Scopes scopes, Optional<KeyPrefix> prefix,
                       Optional<Instant> expiresAt, Optional<KeyMetadata> meta, Optional<RateLimit> rateLimit,
                       Optional<Long> remaining) {
            this(owner, name, scopes, prefix, expiresAt, meta, rateLimit, remaining, Optional.empty());
        }

        /** A key without limits. */
        public Command(UserId owner, String name, Scopes scopes, Optional<KeyPrefix> prefix,
                       Optional<Instant> expiresAt, Optional<KeyMetadata> meta) {
            this(owner, name, scopes, prefix, expiresAt, meta, Optional.empty(), Optional.empty());
        }

        /** A key without metadata. */
        public Command(UserId owner, String name, Scopes scopes, Optional<KeyPrefix> prefix,
                       Optional<Instant> expiresAt) {
            this(owner, name, scopes, prefix, expiresAt, Optional.empty());
        }
    }

    /** The stored key and the full key string, which is never shown again. */
    record IssuedApiKey(ApiKey key, String plaintext) {
        /** Never prints the plaintext key. */
        @Override
        public String toString() {
            return "IssuedApiKey[" + key.id() + "]";
        }
    }
}
