package dev.latchkey.application.port.out.users;

import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserSearch;
import dev.latchkey.domain.user.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Where users are kept. */
public interface Users {

    /** Stores a new user. Throws {@code ExternalIdTaken} when another user has its externalId. */
    void add(User user);

    /**
     * Writes only what {@code changes} carries (and {@code updatedAt}) onto the user as stored at that moment, unless
     * it is deleted: a deleted user stays deleted. A status is set only if it differs. Returns the user as stored
     * afterwards and whether this call changed its status; empty when there is no such user or it is deleted.
     */
    Optional<Update> update(UserId id, Changes changes, Instant at);

    /**
     * Deletes a user (its keys stop working, its externalId is freed) unless it already is; true when this call
     * deleted it.
     */
    boolean delete(UserId id, Instant at);

    Optional<User> findById(UserId id);

    Optional<User> findByExternalId(String externalId);

    /** Up to {@code limit} users that are not deleted, with ids greater than {@code after}, in id (= creation) order. */
    List<User> listAfter(Optional<UserId> after, int limit);

    /** As {@link #listAfter}, only the users that {@code search} matches. */
    List<User> searchAfter(UserSearch search, Optional<UserId> after, int limit);

    /** What a change sends: each present field is written. {@code email} present but empty clears it. */
    record Changes(Optional<String> name, Optional<Optional<String>> email, Optional<UserStatus> status) {

        public Changes {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(status, "status");
            if (status.isPresent() && status.get() == UserStatus.DELETED) {
                throw new IllegalArgumentException("a change sets active or disabled; deletion is delete");
            }
        }

        /** {@code stored} with these changes made at {@code at}, as every store makes them ({@code stored} not deleted). */
        public User applyTo(User stored, Instant at) {
            User changed = stored;
            if (name.isPresent()) {
                changed = changed.renamed(name.get(), at);
            }
            if (email.isPresent()) {
                changed = changed.withEmail(email.get().orElse(null), at);
            }
            if (status.isPresent()) {
                changed = changed.withStatus(status.get(), at);
            }
            return new User(changed.id(), changed.name(), changed.email(), changed.externalId(), changed.status(),
                    changed.createdAt(), at);
        }
    }

    /** An update's outcome: the user as stored, and {@code statusChanged} when this call changed its status. */
    record Update(User user, boolean statusChanged) {
    }
}
