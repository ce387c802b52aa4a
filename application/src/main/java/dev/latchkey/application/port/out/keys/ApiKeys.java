package dev.latchkey.application.port.out.keys;

import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where issued keys are kept (as hashes, never as secrets). */
public interface ApiKeys {

    /** Stores a new key; its owner must exist. */
    void add(ApiKey key);

    Optional<ApiKey> findById(KeyId id);

    /**
     * The stored keys among {@code ids}, by id, read in one query (a leak report names up to a thousand keys); ids not
     * stored are left out.
     */
    Map<KeyId, ApiKey> findByIds(Collection<KeyId> ids);

    /**
     * Up to {@code limit} keys of {@code owner} after {@code after} in (createdAt, id) order,
     * revoked ones only when {@code includeRevoked}.
     */
    List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked);

    /**
     * Marks a key revoked at {@code at} unless it already is; returns the key as stored afterwards and whether this
     * call revoked it (told by the store's write itself, never by comparing times read back).
     */
    Optional<Revocation> revoke(KeyId id, Instant at);

    /**
     * Writes only the details {@code changes} carries, onto the key as stored at that moment (uses taken, a
     * revocation or a rotation since it was read stay; a rotated key's expiry only comes forward, see
     * {@link ApiKey#expiryChangedTo}); returns the key as stored afterwards, empty when there is no such key.
     */
    Optional<ApiKey> updateDetails(KeyId id, DetailChanges changes);

    /**
     * In one transaction: stores {@code rotation.retired()} (new expiry, rotatedTo) provided the stored key is
     * neither revoked nor rotated yet, and adds {@code rotation.replacement()}. Returns false, storing nothing,
     * when the condition fails (a concurrent rotation or revocation won).
     */
    boolean rotate(ApiKey.Rotation rotation);

    /**
     * Records when keys were last used, in one batch: each key's {@code lastUsedAt} becomes the given time unless it
     * already is later. Unknown key ids are ignored.
     */
    void recordUses(Map<KeyId, Instant> lastUses);

    /** A revocation's outcome: the key as stored, and {@code changed} when this call revoked it. */
    record Revocation(ApiKey key, boolean changed) {
    }

    /**
     * The details a change sends: each present one is written, each absent one left as stored. A present-but-empty
     * {@code expiresAt}, {@code meta}, {@code rateLimit}, {@code remaining} or {@code allowedCidrs} removes it.
     */
    record DetailChanges(Optional<String> name, Optional<Scopes> scopes, Optional<Optional<Instant>> expiresAt,
                         Optional<Optional<KeyMetadata>> meta, Optional<Optional<RateLimit>> rateLimit,
                         Optional<Optional<Long>> remaining, Optional<Optional<AllowedCidrs>> allowedCidrs) {

        /** No change at all; add some with the {@code with...} methods. */
        public static final DetailChanges NONE = new DetailChanges(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        public DetailChanges {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(scopes, "scopes");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(meta, "meta");
            Objects.requireNonNull(rateLimit, "rateLimit");
            Objects.requireNonNull(remaining, "remaining");
            Objects.requireNonNull(allowedCidrs, "allowedCidrs");
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
            return changed;
        }

        public DetailChanges withName(String newName) {
            return new DetailChanges(Optional.of(newName), scopes, expiresAt, meta, rateLimit, remaining, allowedCidrs);
        }

        public DetailChanges withScopes(Scopes newScopes) {
            return new DetailChanges(name, Optional.of(newScopes), expiresAt, meta, rateLimit, remaining,
                    allowedCidrs);
        }

        /** {@code null}: never expires. */
        public DetailChanges withExpiresAt(Instant newExpiresAt) {
            return new DetailChanges(name, scopes, Optional.of(Optional.ofNullable(newExpiresAt)), meta, rateLimit,
                    remaining, allowedCidrs);
        }

        /** {@code null}: no metadata. */
        public DetailChanges withMeta(KeyMetadata newMeta) {
            return new DetailChanges(name, scopes, expiresAt, Optional.of(Optional.ofNullable(newMeta)), rateLimit,
                    remaining, allowedCidrs);
        }

        /** {@code null}: no rate limit. */
        public DetailChanges withRateLimit(RateLimit newRateLimit) {
            return new DetailChanges(name, scopes, expiresAt, meta, Optional.of(Optional.ofNullable(newRateLimit)),
                    remaining, allowedCidrs);
        }

        /** {@code null}: unlimited uses. */
        public DetailChanges withRemaining(Long newRemaining) {
            return new DetailChanges(name, scopes, expiresAt, meta, rateLimit,
                    Optional.of(Optional.ofNullable(newRemaining)), allowedCidrs);
        }

        /** {@code null}: from any address. */
        public DetailChanges withAllowedCidrs(AllowedCidrs newAllowedCidrs) {
            return new DetailChanges(name, scopes, expiresAt, meta, rateLimit, remaining,
                    Optional.of(Optional.ofNullable(newAllowedCidrs)));
        }
    }

    /** A place in a listing of one owner's keys. */
    record Position(Instant createdAt, KeyId id) {
    }
}
