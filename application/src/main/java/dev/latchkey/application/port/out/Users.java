package dev.latchkey.application.port.out;

import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserSearch;
import java.util.List;
import java.util.Optional;

/** Where users are kept. */
public interface Users {

    /** Stores a new user. Throws {@code ExternalIdTaken} when another user has its externalId. */
    void add(User user);

    /** Replaces a stored user. Throws {@code ExternalIdTaken} when another user has its externalId. */
    void update(User user);

    Optional<User> findById(UserId id);

    Optional<User> findByExternalId(String externalId);

    /** Up to {@code limit} users that are not deleted, with ids greater than {@code after}, in id (= creation) order. */
    List<User> listAfter(Optional<UserId> after, int limit);

    /** As {@link #listAfter}, only the users that {@code search} matches. */
    List<User> searchAfter(UserSearch search, Optional<UserId> after, int limit);
}
