package dev.latchkey.application.testing;

import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.user.ExternalIdTaken;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserSearch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The users port as a sorted map: what the use cases may rely on of any store, and nothing more. */
public final class FakeUsers implements Users {

    private final TreeMap<UserId, User> byId = new TreeMap<>();

    @Override
    public void add(User user) {
        refuseTakenExternalId(user);
        if (byId.putIfAbsent(user.id(), user) != null) {
            throw new IllegalStateException("user " + user.id() + " exists");
        }
    }

    @Override
    public Optional<Update> update(UserId id, Changes changes, Instant at) {
        User stored = byId.get(id);
        if (stored == null || stored.isDeleted()) {
            return Optional.empty();
        }
        User changed = changes.applyTo(stored, at);
        byId.put(id, changed);
        return Optional.of(new Update(changed, changed.status() != stored.status()));
    }

    @Override
    public boolean delete(UserId id, Instant at) {
        User stored = byId.get(id);
        if (stored == null || stored.isDeleted()) {
            return false;
        }
        byId.put(id, stored.deleted(at));
        return true;
    }

    private void refuseTakenExternalId(User user) {
        if (user.externalId() != null && byId.values().stream()
                .anyMatch(other -> user.externalId().equals(other.externalId()) && !other.id().equals(user.id()))) {
            throw new ExternalIdTaken();
        }
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
        return (after.isPresent() ? byId.tailMap(after.get(), false) : byId).values().stream()
                .filter(user -> !user.isDeleted()).limit(limit).toList();
    }

    @Override
    public List<User> searchAfter(UserSearch search, Optional<UserId> after, int limit) {
        return (after.isPresent() ? byId.tailMap(after.get(), false) : byId).values().stream()
                .filter(user -> !user.isDeleted() && search.matches(user)).limit(limit).toList();
    }
}
