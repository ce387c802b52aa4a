package dev.latchkey.application.port.out;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    /** Marks a key revoked at {@code at} unless it already is; returns the key as stored afterwards. */
    Optional<ApiKey> revoke(KeyId id, Instant at);

    /**
     * Writes a key's name, scopes, expiresAt, meta, rate limit and remaining (nothing else: revocation and use are
     * written apart).
     */
    void updateDetails(ApiKey key);

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

    /** A place in a listing of one owner's keys. */
    record Position(Instant createdAt, KeyId id) {
    }
}
