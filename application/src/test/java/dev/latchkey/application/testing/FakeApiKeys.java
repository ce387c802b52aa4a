package dev.latchkey.application.testing;

import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The key and quota ports as a map; like every store, it refuses a key whose owner it does not hold. */
public final class FakeApiKeys implements ApiKeys, UsageQuotas {

    private final Users users;
    private final Map<KeyId, ApiKey> byId = new HashMap<>();
    /** Gives revocation times back in whole seconds, as MySQL's Connector/J on MariaDB did. */
    public boolean wholeSecondsOnly;
    /** Runs once right after the next batch read: a change another request commits meanwhile. */
    public Runnable afterNextBatchRead;

    public FakeApiKeys(Users users) {
        this.users = users;
    }

    @Override
    public void add(ApiKey key) {
        if (users.findById(key.owner()).isEmpty() || byId.containsKey(key.id())) {
            throw new IllegalStateException("key " + key.id() + " has no owner or exists");
        }
        byId.put(key.id(), key);
    }

    /** Reads of one key, and of several at once: what a use case asks the store, counted. */
    public int singleReads;
    public int batchReads;

    @Override
    public Optional<ApiKey> findById(KeyId id) {
        singleReads++;
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Map<KeyId, ApiKey> findByIds(Collection<KeyId> ids) {
        batchReads++;
        Map<KeyId, ApiKey> found = new HashMap<>();
        ids.forEach(id -> Optional.ofNullable(byId.get(id)).ifPresent(key -> found.put(id, key)));
        Runnable meanwhile = afterNextBatchRead;
        afterNextBatchRead = null;
        if (meanwhile != null) {
            meanwhile.run();
        }
        return found;
    }

    @Override
    public List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked,
                                    Optional<Boolean> honeytoken) {
        Comparator<Position> order = Comparator.comparing(Position::createdAt)
                .thenComparing(position -> position.id().value());
        return byId.values().stream()
                .filter(key -> key.owner().equals(owner) && (includeRevoked || !key.isRevoked()))
                .filter(key -> honeytoken.isEmpty() || honeytoken.get() == key.honeytoken())
                .filter(key -> after.isEmpty() || order.compare(positionOf(key), after.get()) > 0)
                .sorted(Comparator.comparing(FakeApiKeys::positionOf, order))
                .limit(limit)
                .toList();
    }

    private static Position positionOf(ApiKey key) {
        return new Position(key.createdAt(), key.id());
    }

    @Override
    public Optional<Revocation> revoke(KeyId id, Instant at) {
        ApiKey stored = byId.get(id);
        if (stored == null) {
            return Optional.empty();
        }
        byId.put(id, stored.revokedAt(wholeSecondsOnly ? at.truncatedTo(ChronoUnit.SECONDS) : at));
        return Optional.of(new Revocation(byId.get(id), !stored.isRevoked()));
    }

    @Override
    public Optional<ApiKey> updateDetails(KeyId id, DetailChanges changes) {
        return Optional.ofNullable(byId.computeIfPresent(id, (ignored, stored) -> changes.applyTo(stored)));
    }

    @Override
    public boolean rotate(ApiKey.Rotation rotation) {
        ApiKey stored = byId.get(rotation.retired().id());
        if (stored == null || stored.isRevoked() || stored.rotatedTo() != null) {
            return false;
        }
        add(rotation.replacement().withRemaining(stored.remaining())); // the quota as it stands moves on
        byId.put(stored.id(), stored.retiredBy(rotation));
        return true;
    }

    @Override
    public void recordUses(Map<KeyId, Instant> lastUses) {
        lastUses.forEach((id, at) -> byId.computeIfPresent(id, (ignored, key) -> key.usedAt(at)));
    }

    @Override
    public OptionalLong takeUse(KeyId limitsKeyId) {
        ApiKey key = byId.get(limitsKeyId);
        while (key != null && key.rotatedTo() != null) { // the newest key of the line holds the quota
            key = byId.get(key.rotatedTo());
        }
        if (key == null || key.remaining() == null || key.remaining() == 0) {
            return OptionalLong.empty();
        }
        byId.put(key.id(), key.withRemaining(key.remaining() - 1));
        return OptionalLong.of(key.remaining() - 1);
    }
}
