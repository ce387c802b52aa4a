package dev.latchkey.application.port.in.keys;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyAlerts;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes a key's name, scopes, expiry, meta, rate limit, remaining uses, allowed addresses or alerts; the next request sees the change. Throws
 * {@code ApiKeyNotFound}, and {@code InsufficientPrivilege} when {@code caller} does not hold every built-in scope of
 * the key, or of the scopes it would set.
 */
public interface UpdateApiKey {

    ApiKey update(Caller caller, Command command);

    /**
     * Only what {@code changes} carries changes; a present-but-empty {@code expiresAt}, {@code meta},
     * {@code rateLimit}, {@code remaining} or {@code allowedCidrs} removes it.
     */
    record Command(KeyId id, DetailChanges changes) {
        public Command {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(changes, "changes");
        }

        /** Each detail as {@link DetailChanges} takes it. */
        public Command(KeyId id, Optional<String> name, Optional<Scopes> scopes, Optional<Optional<Instant>> expiresAt,
                       Optional<Optional<KeyMetadata>> meta, Optional<Optional<RateLimit>> rateLimit,
                       Optional<Optional<Long>> remaining, Optional<Optional<AllowedCidrs>> allowedCidrs) {
            this(id, new DetailChanges(name, scopes, expiresAt, meta, rateLimit, remaining, allowedCidrs,
                    Optional.empty()));
        }

        /** This change, and the key's alerts set to {@code alerts} when present. */
        public Command withAlerts(Optional<KeyAlerts> alerts) {
            return alerts.map(newAlerts -> new Command(id, changes.withAlerts(newAlerts))).orElse(this);
        }

        /** A change that leaves the allowed addresses alone. */
        public Command(KeyId id, Optional<String> name, Optional<Scopes> scopes,
                       Optional<Optional<Instant>> expiresAt, Optional<Optional<KeyMetadata>> meta,
                       Optional<Optional<RateLimit>> rateLimit, Optional<Optional<Long>> remaining) {
            this(id, name, scopes, expiresAt, meta, rateLimit, remaining, Optional.empty());
        }

        /** A change that leaves the limits alone. */
        public Command(KeyId id, Optional<String> name, Optional<Scopes> scopes,
                       Optional<Optional<Instant>> expiresAt, Optional<Optional<KeyMetadata>> meta) {
            this(id, name, scopes, expiresAt, meta, Optional.empty(), Optional.empty());
        }
    }
}
