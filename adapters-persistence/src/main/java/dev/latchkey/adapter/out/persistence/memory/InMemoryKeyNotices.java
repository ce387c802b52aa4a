package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The scheduler's notices in memory, over the in-memory keys and users. */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryKeyNotices implements KeyNotices {

    private record Notice(KeyId key, String kind) {
    }

    private final InMemoryApiKeys keys;
    private final InMemoryUsers users;
    /** The expiry each notice was about ({@link Instant#MIN} for none). */
    private final Map<Notice, Instant> notices = new ConcurrentHashMap<>();

    InMemoryKeyNotices(InMemoryApiKeys keys, InMemoryUsers users) {
        this.keys = keys;
        this.users = users;
    }

    private boolean live(ApiKey key) {
        return !key.isRevoked() && users.findById(key.owner()).map(user -> user.isActive()).orElse(false);
    }

    @Override
    public List<ApiKey> expiringUnnoticed(Instant after, Instant until, String kind, int limit) {
        return keys.all().filter(this::live)
                .filter(key -> key.expiresAt() != null && key.expiresAt().isAfter(after)
                        && !key.expiresAt().isAfter(until))
                .filter(key -> !key.expiresAt().equals(notices.get(new Notice(key.id(), kind))))
                .sorted(Comparator.comparing(ApiKey::expiresAt).thenComparing(key -> key.id().value()))
                .limit(limit).toList();
    }

    @Override
    public List<ApiKey> lowOnUsesUnnoticed(long threshold, String kind, int limit) {
        return keys.all().filter(this::live)
                .filter(key -> key.remaining() != null && key.remaining() < threshold)
                .filter(key -> !notices.containsKey(new Notice(key.id(), kind)))
                .sorted(Comparator.comparing(ApiKey::remaining).thenComparing(key -> key.id().value()))
                .limit(limit).toList();
    }

    @Override
    public int rearmTopUps(long threshold, String kind) {
        int before = notices.size();
        notices.keySet().removeIf(notice -> notice.kind().equals(kind) && keys.findById(notice.key())
                .map(key -> key.remaining() == null || key.remaining() >= threshold).orElse(true));
        return before - notices.size();
    }

    @Override
    public void note(KeyId key, String kind, Instant expiresAt, Instant at) {
        notices.put(new Notice(key, kind), Objects.requireNonNullElse(expiresAt, Instant.MIN));
    }
}
