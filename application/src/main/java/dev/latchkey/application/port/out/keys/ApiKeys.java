package dev.latchkey.application.port.out.keys;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
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
     * revoked ones only when {@code includeRevoked}; {@code honeytoken}: only honeytokens ({@code true}), only other
     * keys ({@code false}), or all (empty).
     */
    List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked,
                             Optional<Boolean> honeytoken);

    /** Up to {@code limit} keys of {@code owner}, honeytokens or not. */
    default List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked) {
        return listByOwner(owner, after, limit, includeRevoked, Optional.empty());
    }

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

    /** A place in a listing of one owner's keys. */
    record Position(Instant createdAt, KeyId id) {
    }
}
