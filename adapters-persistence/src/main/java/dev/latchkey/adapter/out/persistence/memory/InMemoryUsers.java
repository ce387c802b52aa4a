package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.user.ExternalIdTaken;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserSearch;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Users kept in memory, for tests and for trying Latchkey out; lost when the process ends. */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryUsers implements Users {

    private final ConcurrentSkipListMap<UserId, User> byId = new ConcurrentSkipListMap<>();

    @Override
    public synchronized void add(User user) {
        if (user.externalId() != null && findByExternalId(user.externalId()).isPresent()) {
            throw new ExternalIdTaken();
        }
        if (byId.putIfAbsent(user.id(), user) != null) {
            throw new IllegalStateException("user " + user.id() + " exists");
        }
    }

    /** Made on the user as stored, under the lock every write takes: a deleted user stays deleted. */
    @Override
    public synchronized Optional<Update> update(UserId id, Changes changes, Instant at) {
        User stored = byId.get(id);
        if (stored == null || stored.isDeleted()) {
            return Optional.empty();
        }
        User changed = changes.applyTo(stored, at);
        byId.put(id, changed);
        return Optional.of(new Update(changed, changed.status() != stored.status()));
    }

    @Override
    public synchronized boolean delete(UserId id, Instant at) {
        User stored = byId.get(id);
        if (stored == null || stored.isDeleted()) {
            return false;
        }
        byId.put(id, stored.deleted(at));
        return true;
    }

    @Override
    public Optional<User> findById(UserId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<User> findByExternalId(String externalId) {
        return byId.values().stream().filter(user -> externalId.equals(user.externalId())).findFirst();
    }

    @Override
    public List<User> listAfter(Optional<UserId> after, int limit) {
        Map<UserId, User> tail = after.isPresent() ? byId.tailMap(after.get(), false) : byId;
        return tail.values().stream().filter(user -> !user.isDeleted()).limit(limit).toList();
    }

    @Override
    public List<User> searchAfter(UserSearch search, Optional<UserId> after, int limit) {
        Map<UserId, User> tail = after.isPresent() ? byId.tailMap(after.get(), false) : byId;
        return tail.values().stream().filter(user -> !user.isDeleted() && search.matches(user)).limit(limit).toList();
    }
}
