package dev.latchkey.domain.apikey;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The details of a key a change sends (the update use case takes them, the stores write them): each present one is
 * written, each absent one left as stored. A present-but-empty {@code expiresAt}, {@code meta}, {@code rateLimit},
 * {@code remaining} or {@code allowedCidrs} removes it; {@code alerts} replaces the key's alerts.
 */
public record DetailChanges(Optional<String> name, Optional<Scopes> scopes, Optional<Optional<Instant>> expiresAt,
                            Optional<Optional<KeyMetadata>> meta, Optional<Optional<RateLimit>> rateLimit,
                            Optional<Optional<Long>> remaining, Optional<Optional<AllowedCidrs>> allowedCidrs,
                            Optional<KeyAlerts> alerts) {

    /** No change at all; add some with the {@code with...} methods. */
    public static final DetailChanges NONE = new DetailChanges(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public DetailChanges {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(allowedCidrs, "allowedCidrs");
        Objects.requireNonNull(alerts, "alerts");
    }

    /** {@code stored} with these changes made, as every store makes them. */
    public ApiKey applyTo(ApiKey stored) {
        ApiKey changed = stored;
        if (name.isPresent()) {
            changed = changed.renamed(name.get());
        }
        if (scopes.isPresent()) {
            changed = changed.withScopes(scopes.get());
        }
        if (expiresAt.isPresent()) {
            changed = changed.expiryChangedTo(expiresAt.get().orElse(null));
        }
        if (meta.isPresent()) {
            changed = changed.withMeta(meta.get().orElse(null));
        }
        if (rateLimit.isPresent()) {
            changed = changed.withRateLimit(rateLimit.get().orElse(null));
        }
        if (remaining.isPresent()) {
            changed = changed.withRemaining(remaining.get().orElse(null));
        }
        if (allowedCidrs.isPresent()) {
            changed = changed.withAllowedCidrs(allowedCidrs.get().orElse(null));
        }
        if (alerts.isPresent()) {
            changed = changed.withAlerts(alerts.get());
        }
        return changed;
    }

    public DetailChanges withName(String newName) {
        return new DetailChanges(Optional.of(newName), scopes, expiresAt, meta, rateLimit, remaining, allowedCidrs,
                alerts);
    }

    public DetailChanges withScopes(Scopes newScopes) {
        return new DetailChanges(name, Optional.of(newScopes), expiresAt, meta, rateLimit, remaining,
                allowedCidrs, alerts);
    }

    /** {@code null}: never expires. */
    public DetailChanges withExpiresAt(Instant newExpiresAt) {
        return new DetailChanges(name, scopes, Optional.of(Optional.ofNullable(newExpiresAt)), meta, rateLimit,
                remaining, allowedCidrs, alerts);
    }

    /** {@code null}: no metadata. */
    public DetailChanges withMeta(KeyMetadata newMeta) {
        return new DetailChanges(name, scopes, expiresAt, Optional.of(Optional.ofNullable(newMeta)), rateLimit,
                remaining, allowedCidrs, alerts);
    }

    /** {@code null}: no rate limit. */
    public DetailChanges withRateLimit(RateLimit newRateLimit) {
        return new DetailChanges(name, scopes, expiresAt, meta, Optional.of(Optional.ofNullable(newRateLimit)),
                remaining, allowedCidrs, alerts);
    }

    /** {@code null}: unlimited uses. */
    public DetailChanges withRemaining(Long newRemaining) {
        return new DetailChanges(name, scopes, expiresAt, meta, rateLimit,
                Optional.of(Optional.ofNullable(newRemaining)), allowedCidrs, alerts);
    }

    /** {@code null}: from any address. */
    public DetailChanges withAllowedCidrs(AllowedCidrs newAllowedCidrs) {
        return new DetailChanges(name, scopes, expiresAt, meta, rateLimit, remaining,
                Optional.of(Optional.ofNullable(newAllowedCidrs)), alerts);
    }

    public DetailChanges withAlerts(KeyAlerts newAlerts) {
        return new DetailChanges(name, scopes, expiresAt, meta, rateLimit, remaining, allowedCidrs,
                Optional.of(newAlerts));
    }
}
