package dev.latchkey.adapter.out.persistence.memory;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.UsageQuotas;
import dev.latchkey.application.port.out.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerifiableKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Keys kept in memory, beside the {@link InMemoryUsers} that own them. */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryApiKeys implements ApiKeys, VerifiableKeys, UsageQuotas {

    private static final Comparator<ApiKey> LISTING_ORDER =
            Comparator.comparing(ApiKey::createdAt).thenComparing(key -> key.id().value());

    private final InMemoryUsers users;
    private final Map<KeyId, ApiKey> byId = new ConcurrentHashMap<>();

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
    public List<ApiKey> listByOwner(UserId owner, Optional<Position> after, int limit, boolean includeRevoked) {
        return byId.values().stream()
                .filter(key -> key.owner().equals(owner))
                .filter(key -> includeRevoked || !key.isRevoked())
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
    public Optional<ApiKey> revoke(KeyId id, Instant at) {
        return Optional.ofNullable(byId.computeIfPresent(id, (ignored, key) -> key.revokedAt(at)));
    }

    @Override
    public void updateDetails(ApiKey key) {
        byId.computeIfPresent(key.id(), (ignored, stored) -> stored.withDetailsOf(key));
    }

    /** The replacement goes in first (nobody knows its id yet); the old key is retired atomically, or it is undone. */
    @Override
    public boolean rotate(ApiKey.Rotation rotation) {
        ApiKey retired = rotation.retired();
        add(rotation.replacement());
        boolean[] won = {false};
        byId.computeIfPresent(retired.id(), (ignored, stored) -> {
            if (stored.isRevoked() || stored.rotatedTo() != null) {
                return stored;
            }
            won[0] = true;
            return stored.retiredBy(rotation);
        });
        if (!won[0]) {
            byId.remove(rotation.replacement().id());
        }
        return won[0];
    }

    @Override
    public void recordUses(Map<KeyId, Instant> lastUses) {
        lastUses.forEach((id, at) -> byId.computeIfPresent(id, (ignored, key) -> key.usedAt(at)));
    }

    @Override
    public OptionalLong takeUse(KeyId id) {
        long[] left = {-1};
        byId.computeIfPresent(id, (ignored, key) -> {
            if (key.remaining() == null || key.remaining() == 0) {
                return key;
            }
            left[0] = key.remaining() - 1;
            return key.withRemaining(left[0]);
        });
        return left[0] < 0 ? OptionalLong.empty() : OptionalLong.of(left[0]);
    }

    @Override
    public Optional<VerifiableKey> findForVerification(KeyId id) {
        return findById(id).flatMap(key -> users.findById(key.owner())
                .map(owner -> VerifiableKey.of(key, owner.status())));
    }
}
