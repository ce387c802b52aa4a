package dev.latchkey.adapter.out.cache;

import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key store, evicting from this node's {@link VerificationCache} every key a write changed once the write has
 * committed: when it returns, or inside an {@link EvictingTransactions} transaction when that ends. On the node that
 * makes a change it holds from then on (other nodes learn it from the change feed).
 */
public final class EvictingApiKeys implements ApiKeys {

    private final ApiKeys store;
    private final VerificationCache cache;

    public EvictingApiKeys(ApiKeys store, VerificationCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public void add(ApiKey key) {
        store.add(key);
        cache.keyChanged(key.id());
    }

    @Override
    public Optional<ApiKey> findById(KeyId id) {
        return store.findById(id);
    }

    @Override
    public Map<KeyId, ApiKey> findByIds(Collection<KeyId> ids) {
        return store.findByIds(ids);
    }

    @Override
    public List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked,
                                    Optional<Boolean> honeytoken) {
        return store.listByOwner(owner, after, limit, includeRevoked, honeytoken);
    }

    @Override
    public Optional<Revocation> revoke(KeyId id, Instant at) {
        Optional<Revocation> revoked = store.revoke(id, at);
        cache.keyChanged(id);
        return revoked;
    }

    @Override
    public Optional<ApiKey> updateDetails(KeyId id, DetailChanges changes) {
        Optional<ApiKey> updated = store.updateDetails(id, changes);
        cache.keyChanged(id);
        return updated;
    }

    @Override
    public boolean rotate(ApiKey.Rotation rotation) {
        boolean rotated = store.rotate(rotation);
        if (rotated) {
            cache.keyChanged(rotation.retired().id());
            cache.keyChanged(rotation.replacement().id());
        }
        return rotated;
    }

    @Override
    public void recordUses(Map<KeyId, Instant> lastUses) {
        store.recordUses(lastUses); // last use alters no verification outcome
    }
}
