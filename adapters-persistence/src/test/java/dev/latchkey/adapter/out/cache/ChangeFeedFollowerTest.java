package dev.latchkey.adapter.out.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.KeyChangeFeed;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Following the change feed: evictions, gaps between ids, failures, pruning and the filter of known ids. */
class ChangeFeedFollowerTest {

    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final ChangeFeedFollower.Settings SETTINGS = new ChangeFeedFollower.Settings(
            Duration.ofMillis(200), Duration.ofHours(1), Duration.ofSeconds(30), 1_000, 100);

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final FakeFeed feed = new FakeFeed();
    private final VerificationCache cache = new VerificationCache(
            new VerificationCache.Settings(1_000, BOUND, Duration.ZERO, 100), true, new SimpleMeterRegistry(),
            nanos::get);
    private final VerificationCacheTest.CountingStore store = new VerificationCacheTest.CountingStore();
    private final CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
    private final ChangeFeedFollower follower = new ChangeFeedFollower(feed, cache, SETTINGS,
            Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC), nanos::get);

    private static final KeyId A = new KeyId("AAAAAAAAAAAA");
    private static final KeyId B = new KeyId("BBBBBBBBBBBB");

    private boolean cached(KeyId id) {
        return keys.findAtHand(id).map(answer -> true).orElse(false);
    }

    private void load(KeyId... ids) {
        for (KeyId id : ids) {
            keys.findForVerification(id);
        }
    }

    @Test
    void aReadMakesTheCacheFreshAndEvictsTheKeysItNames() {
        follower.poll();
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.FRESH);
        load(A, B);

        feed.add(new KeyChangeFeed.Change(1, A, null));
        follower.poll();

        assertThat(cached(A)).isFalse();
        assertThat(cached(B)).isTrue();
    }

    @Test
    void aChangeThatCommitsAfterALargerIdIsStillApplied() {
        follower.poll();
        feed.add(new KeyChangeFeed.Change(1, A, null));
        feed.add(new KeyChangeFeed.Change(3, A, null)); // id 2 is handed out but not committed yet
        follower.poll();
        load(B);

        feed.add(new KeyChangeFeed.Change(2, B, null)); // ... and now it is
        follower.poll();

        assertThat(cached(B)).isFalse();
    }

    @Test
    void anOwnerChangeEvictsTheOwnersKeys() {
        UserId owner = new UserId("01a20500-14f8-749d-b734-6677a3055c10");
        follower.poll();
        store.keys.put(A, new VerifiableKey(A, dev.latchkey.domain.apikey.KeyPrefix.DEFAULT, owner, dev.latchkey.domain.apikey.SecretHash.of(new byte[32]),
                dev.latchkey.domain.apikey.Scopes.none(), null, null, null,
                dev.latchkey.domain.user.UserStatus.ACTIVE));
        load(A);

        feed.add(new KeyChangeFeed.Change(1, null, owner));
        follower.poll();

        assertThat(cached(A)).isFalse();
    }

    @Test
    void whileTheFeedCannotBeReadTheCacheGoesStaleAfterTheBound() {
        follower.poll();
        load(A);
        feed.failing = true;

        nanos.addAndGet(BOUND.toNanos() / 2);
        follower.poll();
        assertThat(cached(A)).isTrue();

        nanos.addAndGet(BOUND.toNanos());
        follower.poll();
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.STALE);
        assertThat(cached(A)).isFalse();

        feed.failing = false;
        follower.poll();
        assertThat(cached(A)).isTrue();
    }

    @Test
    void aReadAfterMoreThanHalfTheRetentionClearsTheCache() {
        follower.poll();
        load(A);
        feed.failing = true;
        nanos.addAndGet(SETTINGS.retention().toNanos());
        follower.poll();

        feed.failing = false;
        follower.poll();

        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.FRESH);
        assertThat(cached(A)).isFalse();
    }

    @Test
    void prunesRowsOlderThanTheRetention() {
        follower.poll();
        assertThat(feed.prunedBefore).containsExactly(Instant.parse("2026-11-22T11:00:00Z"));
        follower.poll();
        assertThat(feed.prunedBefore).hasSize(1); // not again within a minute
    }

    @Test
    void loadsTheKnownIdsAndAddsTheIssuedOnes() throws Exception {
        feed.keyIds.add(A);
        follower.poll();
        for (int i = 0; i < 100 && cache.knownIds().isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(cache.knownIds()).isPresent();
        assertThat(cache.knownIds().get().mightExist(A)).isTrue();

        feed.add(new KeyChangeFeed.Change(1, B, null));
        follower.poll();
        assertThat(cache.knownIds().get().mightExist(B)).isTrue();
        follower.close();
    }

    @Test
    void preloadsTheKeysUsedMostRecentlyAndEvictsWhatChangedWhileItRead() {
        follower.poll();
        VerifiableKey a = key(A);
        VerifiableKey b = key(B);
        feed.recentlyUsed.addAll(List.of(a, b));
        feed.add(new KeyChangeFeed.Change(1, B, null)); // B changed after the preload read it

        follower.preload();

        assertThat(keys.findAtHand(A)).contains(new dev.latchkey.application.port.out.verification.VerifiableKeys.Answer(
                java.util.Optional.of(a)));
        assertThat(cached(B)).isFalse();
        assertThat(store.reads(A)).isZero();
    }

    /**
     * Another node disables the owner while this node's miss of one of its keys has read the owner active and not
     * yet cached it: once the feed has named the change here, the miss must not cache what it read.
     */
    @Test
    void anOwnerChangeFromTheFeedIsNotUndoneByAMissThatReadTheOwnerBeforeIt() throws Exception {
        follower.poll();
        VerifiableKey active = key(A);
        store.keys.put(A, active);
        GatedVerifiableKeys gated = new GatedVerifiableKeys(store);
        CachingVerifiableKeys gatedKeys = new CachingVerifiableKeys(gated, cache);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<java.util.Optional<VerifiableKey>> miss =
                    pool.submit(() -> gatedKeys.findForVerification(A));
            gated.hasRead.await();
            store.keys.put(A, new VerifiableKey(A, active.prefix(), active.owner(), active.secretHash(),
                    active.scopes(), null, null, null, dev.latchkey.domain.user.UserStatus.DISABLED));
            feed.add(new KeyChangeFeed.Change(1, null, active.owner())); // committed on the other node
            follower.poll();
            gated.release.countDown();
            assertThat(miss.get(10, java.util.concurrent.TimeUnit.SECONDS)).contains(active);
        } finally {
            pool.shutdownNow();
        }

        assertThat(cached(A)).isFalse();
        assertThat(keys.findForVerification(A).orElseThrow().ownerStatus())
                .isEqualTo(dev.latchkey.domain.user.UserStatus.DISABLED);
    }

    @Test
    void anOwnerChangeFromTheFeedEvictsThePreloadedKeysOfThatOwner() {
        follower.poll();
        feed.recentlyUsed.addAll(List.of(key(A), key(B)));
        follower.preload();
        assertThat(cached(A)).isTrue();

        feed.add(new KeyChangeFeed.Change(1, null, key(A).owner()));
        follower.poll();

        assertThat(cached(A)).isFalse();
        assertThat(cached(B)).isFalse();
    }

    private static VerifiableKey key(KeyId id) {
        return new VerifiableKey(id, dev.latchkey.domain.apikey.KeyPrefix.DEFAULT, new UserId("01a20500-14f8-749d-b734-6677a3055c10"),
                dev.latchkey.domain.apikey.SecretHash.of(new byte[32]), dev.latchkey.domain.apikey.Scopes.none(), null,
                null, null, dev.latchkey.domain.user.UserStatus.ACTIVE);
    }

    /** The feed in memory; reads fail while {@code failing}. */
    private static final class FakeFeed implements KeyChangeFeed {
        private final List<Change> changes = new ArrayList<>();
        // the ids the tests use are stored ones: the filter of known ids, whenever it loads, holds them
        final List<KeyId> keyIds = new ArrayList<>(List.of(A, B));
        final List<VerifiableKey> recentlyUsed = new ArrayList<>();
        final List<Instant> prunedBefore = new ArrayList<>();
        volatile boolean failing;

        synchronized void add(Change change) {
            changes.add(change);
        }

        @Override
        public synchronized List<Change> after(long after, int limit) {
            if (failing) {
                throw new IllegalStateException("Communications link failure");
            }
            return changes.stream().filter(change -> change.id() > after)
                    .sorted(java.util.Comparator.comparingLong(Change::id)).limit(limit).toList();
        }

        @Override
        public int pruneBefore(Instant before) {
            prunedBefore.add(before);
            return 0;
        }

        @Override
        public void forEachKeyId(Consumer<KeyId> action) {
            keyIds.forEach(action);
        }

        @Override
        public void forEachRecentlyUsed(int limit, Consumer<VerifiableKey> action) {
            recentlyUsed.stream().limit(limit).forEach(action);
        }
    }
}
