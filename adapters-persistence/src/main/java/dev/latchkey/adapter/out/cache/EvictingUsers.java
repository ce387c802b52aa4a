package dev.latchkey.adapter.out.cache;

import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserSearch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The user store, evicting a changed user's keys from this node's {@link VerificationCache} once the change has
 * committed: when the write returns, or inside an {@link EvictingTransactions} transaction when that ends.
 */
public final class EvictingUsers implements Users {

    private final Users store;
    private final VerificationCache cache;

    public EvictingUsers(Users store, VerificationCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public void add(User user) {
        store.add(user); // a new user owns no key yet
    }

    @Override
    public Optional<Update> update(UserId id, Changes changes, Instant at) {
        Optional<Update> updated = store.update(id, changes, at);
        cache.ownerChanged(id);
        return updated;
    }

    @Override
    public boolean delete(UserId id, Instant at) {
        boolean deleted = store.delete(id, at);
        cache.ownerChanged(id);
        return deleted;
    }

    @Override
    public Optional<User> findById(UserId id) {
        return store.findById(id);
    }

    @Override
    public Optional<User> findByExternalId(String externalId) {
        return store.findByExternalId(externalId);
    }

    @Override
    public List<User> listAfter(Optional<UserId> after, int limit) {
        return store.listAfter(after, limit);
    }

    @Override
    public List<User> searchAfter(UserSearch search, Optional<UserId> after, int limit) {
        return store.searchAfter(search, after, limit);
    }
}
