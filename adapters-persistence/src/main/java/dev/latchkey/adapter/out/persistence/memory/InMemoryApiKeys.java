package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.HoneytokenPresentation;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Keys kept in memory, beside the {@link InMemoryUsers} that own them, and the counts of honeytokens' presentations. */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryApiKeys implements ApiKeys, VerifiableKeys, UsageQuotas, HoneytokenPresentations {

    private static final Comparator<ApiKey> LISTING_ORDER =
            Comparator.comparing(ApiKey::createdAt).thenComparing(key -> key.id().value());

    private final InMemoryUsers users;
    private final Map<KeyId, ApiKey> byId = new ConcurrentHashMap<>();
    /** Presentations per honeytoken, client address and minute. */
    private final Map<PresentationKey, Long> presentations = new ConcurrentHashMap<>();
    /** Held while a use is taken from a quota and while a rotation moves a quota to the new key. */
    private final Object quotaLock = new Object();

    public InMemoryApiKeys(InMemoryUsers users) {
        this.users = users;
    }

    @Override
    public void add(ApiKey key) {
        if (users.findById(key.owner()).isEmpty()) {
            throw new IllegalStateException("no owner " + key.owner() + " for key " + key.id());
        }
        if (byId.putIfAbsent(key.id(), key) != null) {
            throw new IllegalStateException("key " + key.id() + " exists");
        }
    }

    /** Every key, in no order: for the lifecycle scheduler's scans. */
    java.util.stream.Stream<ApiKey> all() {
        return byId.values().stream();
    }

    @Override
    public Optional<ApiKey> findById(KeyId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Map<KeyId, ApiKey> findByIds(Collection<KeyId> ids) {
        Map<KeyId, ApiKey> found = new HashMap<>();
        ids.forEach(id -> findById(id).ifPresent(key -> found.put(id, key)));
        return found;
    }

    @Override
    public List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked,
                                    Optional<Boolean> honeytoken) {
        return byId.values().stream()
                .filter(key -> key.owner().equals(owner))
                .filter(key -> includeRevoked || !key.isRevoked())
                .filter(key -> honeytoken.isEmpty() || honeytoken.get() == key.honeytoken())
                .filter(key -> after.map(position -> isAfter(key, position)).orElse(true))
                .sorted(LISTING_ORDER)
                .limit(limit)
                .toList();
    }

    private static boolean isAfter(ApiKey key, Position position) {
        int byTime = key.createdAt().compareTo(position.createdAt());
        return byTime > 0 || (byTime == 0 && key.id().value().compareTo(position.id().value()) > 0);
    }

    @Override
    public Optional<Revocation> revoke(KeyId id, Instant at) {
        boolean[] changed = {false};
        ApiKey stored = byId.computeIfPresent(id, (ignored, key) -> {
            changed[0] = !key.isRevoked();
            return key.revokedAt(at);
        });
        return Optional.ofNullable(stored).map(key -> new Revocation(key, changed[0]));
    }

    /** Made on the key as stored, atomically: nothing written since it was read is undone. */
    @Override
    public Optional<ApiKey> updateDetails(KeyId id, DetailChanges changes) {
        return Optional.ofNullable(byId.computeIfPresent(id, (ignored, stored) -> changes.applyTo(stored)));
    }

    /**
     * The replacement goes in first (nobody knows its id yet) with the uses left as the old key has them when it is
     * retired; the old key is retired atomically, or it is undone. Under the quota lock: no use is taken from the old
     * key between reading its uses left and retiring it.
     */
    @Override
    public boolean rotate(ApiKey.Rotation rotation) {
        ApiKey retired = rotation.retired();
        synchronized (quotaLock) {
            ApiKey stored = byId.get(retired.id());
            if (stored == null || stored.isRevoked() || stored.rotatedTo() != null) {
                return false;
            }
            add(rotation.replacement().withRemaining(stored.remaining()));
            byId.computeIfPresent(retired.id(), (ignored, current) -> current.retiredBy(rotation));
            return true;
        }
    }

    @Override
    public void recordUses(Map<KeyId, Instant> lastUses) {
        lastUses.forEach((id, at) -> byId.computeIfPresent(id, (ignored, key) -> key.usedAt(at)));
    }

    /** The newest key of the line (followed from the first through {@code rotatedTo}) holds the quota. */
    @Override
    public OptionalLong takeUse(KeyId limitsKeyId) {
        synchronized (quotaLock) {
            ApiKey holder = byId.get(limitsKeyId);
            while (holder != null && holder.rotatedTo() != null) {
                holder = byId.get(holder.rotatedTo());
            }
            if (holder == null || holder.remaining() == null || holder.remaining() == 0) {
                return OptionalLong.empty();
            }
            long left = holder.remaining() - 1;
            byId.computeIfPresent(holder.id(), (ignored, key) -> key.withRemaining(left));
            return OptionalLong.of(left);
        }
    }

    private record PresentationKey(KeyId keyId, String clientIp, Instant minute) {
    }

    /** Atomic per key, address and minute: of concurrent callers, the one whose merge found no count created it. */
    @Override
    public boolean add(HoneytokenPresentation presented) {
        boolean[] created = {false};
        presentations.compute(new PresentationKey(presented.keyId(), presented.clientIp(), presented.minute()),
                (ignored, count) -> {
                    created[0] = count == null;
                    return count == null ? presented.count() : count + presented.count();
                });
        byId.computeIfPresent(presented.keyId(), (ignored, key) -> key.presentedAgain(presented.count()));
        return created[0];
    }

    @Override
    public int purgeBefore(Instant before, int batch) {
        int purged = 0;
        for (var presentation = presentations.keySet().iterator(); presentation.hasNext() && purged < batch; ) {
            if (presentation.next().minute().isBefore(before)) {
                presentation.remove();
                purged++;
            }
        }
        return purged;
    }

    @Override
    public Optional<VerifiableKey> findForVerification(KeyId id) {
        return findById(id).flatMap(key -> users.findById(key.owner())
                .map(owner -> VerifiableKey.of(key, owner.status())));
    }
}
