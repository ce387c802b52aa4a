package dev.latchkey.adapter.out.persistence;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerifiableKey;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store as a node's cache follows it: the cluster-wide feed of changes that can alter a verification outcome
 * (a store shared by several nodes records a change in the same transaction as the change itself; ids grow with
 * each change), the ids of all keys, and the keys used most recently. What the verification cache's follower
 * ({@code adapter.out.cache.ChangeFeedFollower}) reads; a store shared by several nodes implements it.
 */
public interface KeyChangeFeed {

    /** One recorded change: of one key ({@code key}), or of every key of one owner ({@code owner}). */
    record Change(long id, KeyId key, UserId owner) {
    }

    /** Up to {@code limit} changes with an id above {@code after}, in id order. */
    List<Change> after(long after, int limit);

    /** Deletes the changes recorded before {@code before}; returns how many. */
    int pruneBefore(Instant before);

    /** Calls {@code action} with the id of every stored key (for the filter of known key ids). */
    void forEachKeyId(Consumer<KeyId> action);

    /** Calls {@code action} with up to {@code limit} unrevoked keys, the most recently used first (a preload). */
    void forEachRecentlyUsed(int limit, Consumer<VerifiableKey> action);
}
