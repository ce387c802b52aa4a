package dev.latchkey.application.testing;

import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.VerifiableKey;
import java.util.Optional;
import java.util.Set;

/**
 * The verification read over the fake key and user ports, with an answer at hand for every id read once before (a
 * cache that every change reaches at once), as a node's cache behaves between changes.
 */
public final class FakeVerifiableKeys implements VerifiableKeys {

    private final ApiKeys apiKeys;
    private final Users users;
    private final Set<KeyId> read = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How many times each of the two reads was made. */
    public final java.util.concurrent.atomic.AtomicInteger atHandLookups = new java.util.concurrent.atomic.AtomicInteger();
    public final java.util.concurrent.atomic.AtomicInteger storeReads = new java.util.concurrent.atomic.AtomicInteger();
    /** When set, what a store read throws. */
    public volatile RuntimeException failure;

    public FakeVerifiableKeys(ApiKeys apiKeys, Users users) {
        this.apiKeys = apiKeys;
        this.users = users;
    }

    @Override
    public Optional<VerifiableKey> findForVerification(KeyId id) {
        storeReads.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        read.add(id);
        return current(id);
    }

    @Override
    public Optional<Answer> findAtHand(KeyId id) {
        atHandLookups.incrementAndGet();
        return read.contains(id) ? Optional.of(new Answer(current(id))) : Optional.empty();
    }

    private Optional<VerifiableKey> current(KeyId id) {
        return apiKeys.findById(id).flatMap(key -> users.findById(key.owner())
                .map(owner -> VerifiableKey.of(key, owner.status())));
    }
}
