package dev.latchkey.adapter.out.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache in front of the verification read, over a store double that counts its reads. */
class VerificationCacheTest {

    private static final SecretHasher HASHER =
            new SecretHasher("cache-test-pepper-0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456Z");
    private static final Duration BOUND = Duration.ofSeconds(1);

    private final Random random = new Random(7);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final CountingStore store = new CountingStore();

    private VerificationCache cache(boolean followsFeed, Duration outageGrace, long unknownReadsPerSecond) {
        return new VerificationCache(new VerificationCache.Settings(1_000, BOUND, outageGrace, unknownReadsPerSecond),
                followsFeed, new SimpleMeterRegistry(), nanos::get);
    }

    private VerifiableKey stored(UserId owner) {
        ApiKeyToken token = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);
        ApiKey key = ApiKey.issue(token, HASHER, owner, "ci", Scopes.parse(List.of("process", "keys:read")), T0,
                T0.plusSeconds(3600)).withMeta(new KeyMetadata("{\"plan\":\"pro\"}"));
        VerifiableKey verifiable = VerifiableKey.of(key.revokedAt(T0.plusSeconds(1)), UserStatus.ACTIVE);
        store.keys.put(key.id(), verifiable);
        return verifiable;
    }

    private UserId owner() {
        return UserId.generate(T0, random);
    }

    @Test
    void aMissReadsTheStoreOnceAndAHitNotAtAllGivingBackExactlyWhatWasStored() {
        VerificationCache cache = cache(false, Duration.ZERO, 100);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        VerifiableKey key = stored(owner());

        assertThat(keys.findAtHand(key.id())).isEmpty();
        assertThat(keys.findForVerification(key.id())).contains(key);
        assertThat(store.reads(key.id())).isEqualTo(1);

        for (int i = 0; i < 5; i++) {
            assertThat(keys.findAtHand(key.id())).contains(new VerifiableKeys.Answer(Optional.of(key)));
            assertThat(keys.findForVerification(key.id())).contains(key);
        }
        assertThat(store.reads(key.id())).isEqualTo(1);
    }

    @Test
    void keepsTimesFarInTheFutureExactly() {
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache(false, Duration.ZERO, 100));
        VerifiableKey near = stored(owner());
        VerifiableKey far = new VerifiableKey(near.id(), near.prefix(), near.owner(), near.secretHash(), near.scopes(),
                Instant.parse("9999-12-31T23:59:59.999999Z"), null, null, UserStatus.DISABLED);
        store.keys.put(far.id(), far);

        keys.findForVerification(far.id());

        assertThat(keys.findAtHand(far.id())).contains(new VerifiableKeys.Answer(Optional.of(far)));
    }

    @Test
    void concurrentMissesOfOneKeyIdReadTheStoreOnce() throws Exception {
        VerificationCache cache = cache(false, Duration.ZERO, 100);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        VerifiableKey key = stored(owner());
        store.slowness = Duration.ofMillis(200);
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<VerifiableKey>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return keys.findForVerification(key.id());
                }));
            }
            go.countDown();
            for (Future<Optional<VerifiableKey>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).contains(key);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.reads(key.id())).isEqualTo(1);
    }

    @Test
    void anUnknownIdIsReadOnceThenAnsweredFromMemoryUntilAKeyWithThatIdIsIssued() {
        VerificationCache cache = cache(false, Duration.ZERO, 100);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        VerifiableKey issued = stored(owner());
        KeyId unknown = issued.id();
        store.keys.remove(unknown); // not issued yet

        assertThat(keys.findForVerification(unknown)).isEmpty();
        assertThat(keys.findAtHand(unknown)).contains(VerifiableKeys.Answer.none());
        assertThat(keys.findForVerification(unknown)).isEmpty();
        assertThat(store.reads(unknown)).isEqualTo(1);

        store.keys.put(unknown, issued);
        cache.keyChanged(unknown);

        assertThat(keys.findAtHand(unknown)).isEmpty();
        assertThat(keys.findForVerification(unknown)).contains(issued);
    }

    @Test
    void aChangedKeyAndEveryKeyOfAChangedOwnerAreReadAgain() {
        VerificationCache cache = cache(false, Duration.ZERO, 100);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        UserId owner = owner();
        VerifiableKey first = stored(owner);
        VerifiableKey second = stored(owner);
        VerifiableKey other = stored(owner());
        List.of(first, second, other).forEach(key -> keys.findForVerification(key.id()));

        cache.keyChanged(first.id());
        assertThat(keys.findAtHand(first.id())).isEmpty();
        assertThat(keys.findAtHand(second.id())).isPresent();

        cache.ownerChanged(owner);
        assertThat(keys.findAtHand(second.id())).isEmpty();
        assertThat(keys.findAtHand(other.id())).isPresent();
    }

    @Test
    void stopsAnsweringOnceTheFeedIsOverdueAndThenReadsTheStoreEveryTime() {
        VerificationCache cache = cache(true, Duration.ZERO, 100);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        VerifiableKey key = stored(owner());
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.STALE); // never read yet

        cache.feedRead(nanos.get());
        keys.findForVerification(key.id());
        nanos.addAndGet(BOUND.toNanos());
        assertThat(keys.findAtHand(key.id())).isPresent(); // exactly at the bound: still fresh

        nanos.addAndGet(1);
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.STALE);
        assertThat(keys.findAtHand(key.id())).isEmpty();
        keys.findForVerification(key.id());
        keys.findForVerification(key.id());
        assertThat(store.reads(key.id())).isEqualTo(3);

        cache.feedRead(nanos.get());
        assertThat(keys.findAtHand(key.id())).isPresent();
    }

    /**
     * Busy is not down: while no feed read has failed since the last one that succeeded and the store is reachable,
     * the cache answers up to max-staleness + feed-timeout; a failed read, or the breaker opening, ends that at once.
     */
    @Test
    void aSlowFeedKeepsTheCacheAnsweringWithinItsTimeBudgetUnlessAReadFailedOrTheStoreIsGone() {
        java.util.concurrent.atomic.AtomicBoolean unreachable = new java.util.concurrent.atomic.AtomicBoolean();
        VerificationCache cache = new VerificationCache(new VerificationCache.Settings(1_000, BOUND, Duration.ZERO,
                100, Duration.ofSeconds(5)), true, new SimpleMeterRegistry(), nanos::get, unreachable::get);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        VerifiableKey key = stored(owner());
        cache.feedRead(nanos.get());
        keys.findForVerification(key.id());

        nanos.addAndGet(BOUND.plusSeconds(5).toNanos()); // a read under way since: slow, nothing failed
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.FRESH);
        assertThat(keys.findAtHand(key.id())).isPresent();

        unreachable.set(true); // the breaker opened: the database is gone, not busy
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.STALE);
        unreachable.set(false);
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.FRESH);

        nanos.addAndGet(1); // past the feed's budget
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.STALE);
        assertThat(keys.findAtHand(key.id())).isEmpty();

        cache.feedRead(nanos.get());
        nanos.addAndGet(BOUND.plusMillis(1).toNanos());
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.FRESH);
        cache.feedFailed(); // the read under way failed: max-staleness holds again
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.STALE);
        assertThat(store.reads(key.id())).isEqualTo(1);
    }

    @Test
    void underAnOutageGraceServesCachedVerdictsDegradedForThatMuchLonger() {
        VerificationCache cache = cache(true, Duration.ofSeconds(5), 100);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        VerifiableKey key = stored(owner());
        cache.feedRead(nanos.get());
        keys.findForVerification(key.id());

        nanos.addAndGet(BOUND.plusSeconds(4).toNanos());
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.DEGRADED);
        assertThat(keys.findAtHand(key.id())).isPresent();

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.freshness()).isEqualTo(VerificationCache.Freshness.STALE);
        assertThat(keys.findAtHand(key.id())).isEmpty();
    }

    @Test
    void idsTheFilterDoesNotKnowAreAnsweredFromMemoryAsAWrongSecretIsWithoutReadingTheStore() {
        VerificationCache cache = cache(false, Duration.ZERO, 1_000);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        VerifiableKey known = stored(owner());
        keys.findForVerification(known.id()); // cached, as a key in use is
        loadFilter(cache, known.id());

        for (int i = 0; i < 10; i++) {
            KeyId madeUp = ApiKeyToken.generate(KeyPrefix.DEFAULT, random).keyId();
            // an unknown id is answered where a known one is, at hand, however much of the budget is left: its
            // timing cannot tell that it does not exist
            assertThat(keys.findAtHand(madeUp)).contains(VerifiableKeys.Answer.none());
            assertThat(store.reads(madeUp)).isZero();
        }
        assertThat(keys.findAtHand(known.id())).contains(new VerifiableKeys.Answer(Optional.of(known)));
        assertThat(cache.size()).as("no negative entry either: a spray of made-up ids fills nothing").isEqualTo(1);
    }

    @Test
    void aKeyIssuedOnAnotherNodeWorksHereOnceTheFeedBringsIt() {
        VerificationCache cache = cache(true, Duration.ZERO, 1_000);
        cache.feedRead(nanos.get());
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        loadFilter(cache);
        VerifiableKey issuedElsewhere = stored(owner());

        assertThat(keys.findAtHand(issuedElsewhere.id())).contains(VerifiableKeys.Answer.none());

        cache.keyChanged(issuedElsewhere.id()); // the change feed's row for its issue
        assertThat(keys.findAtHand(issuedElsewhere.id())).isEmpty();
        assertThat(keys.findForVerification(issuedElsewhere.id())).contains(issuedElsewhere);
    }

    @Test
    void untilTheFilterHasLoadedUncachedIdsAreReadWithinTheBudgetAndUnavailablePastIt() {
        VerificationCache cache = cache(true, Duration.ZERO, 3);
        cache.feedRead(nanos.get());
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        VerifiableKey genuine = stored(owner());

        int read = 0;
        for (int i = 0; i < 3; i++) {
            KeyId madeUp = ApiKeyToken.generate(KeyPrefix.DEFAULT, random).keyId();
            if (keys.findAtHand(madeUp).isEmpty()) {
                assertThat(keys.findForVerification(madeUp)).isEmpty();
                read++;
            }
        }
        assertThat(read).isEqualTo(3);
        // past the budget even a genuine key cannot be told from a made-up one: unavailable (503), never "invalid"
        assertThatThrownBy(() -> keys.findAtHand(genuine.id())).isInstanceOf(StoreUnavailable.class);
        assertThatThrownBy(() -> keys.findAtHand(ApiKeyToken.generate(KeyPrefix.DEFAULT, random).keyId()))
                .isInstanceOf(StoreUnavailable.class);
        assertThat(store.reads(genuine.id())).isZero();
        assertThat(store.totalReads()).isEqualTo(3);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos()); // the budget is per second
        cache.feedRead(nanos.get());
        assertThat(keys.findAtHand(genuine.id())).isEmpty();
        assertThat(keys.findForVerification(genuine.id())).contains(genuine);

        loadFilter(cache, genuine.id());
        for (int i = 0; i < 10; i++) {
            assertThat(keys.findAtHand(ApiKeyToken.generate(KeyPrefix.DEFAULT, random).keyId()))
                    .contains(VerifiableKeys.Answer.none());
        }
        assertThat(store.totalReads()).isEqualTo(4);
    }

    @Test
    void aCacheWithoutAFeedHasNoFilterToWaitForAndReadsItsMisses() {
        VerificationCache cache = cache(false, Duration.ZERO, 1);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);

        for (int i = 0; i < 5; i++) {
            KeyId id = ApiKeyToken.generate(KeyPrefix.DEFAULT, random).keyId();
            assertThat(keys.findAtHand(id)).isEmpty();
            assertThat(keys.findForVerification(id)).isEmpty();
        }
        assertThat(store.totalReads()).isEqualTo(5);
    }

    @Test
    void aGapInTheFeedForgetsTheFilterTooForItMayHaveMissedIdsIssuedMeanwhile() {
        VerificationCache cache = cache(true, Duration.ZERO, 1_000);
        cache.feedRead(nanos.get());
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        loadFilter(cache);
        VerifiableKey issuedDuringTheGap = stored(owner());

        cache.clear();

        assertThat(cache.knownIds()).isEmpty();
        assertThat(keys.findAtHand(issuedDuringTheGap.id())).isEmpty();
        assertThat(keys.findForVerification(issuedDuringTheGap.id())).contains(issuedDuringTheGap);
    }

    private static void loadFilter(VerificationCache cache, KeyId... ids) {
        KnownKeyIds filter = cache.startLoadingKnownIds(1_000);
        for (KeyId id : ids) {
            filter.add(id);
        }
        cache.knownIdsLoaded(filter);
    }

    @Test
    void aKeyIssuedWhileTheFilterLoadsIsKnownToIt() {
        VerificationCache cache = cache(false, Duration.ZERO, 1);
        KnownKeyIds loading = cache.startLoadingKnownIds(1_000);
        KeyId issued = new KeyId("BBBBBBBBBBBB");

        cache.keyChanged(issued);
        cache.knownIdsLoaded(loading);

        assertThat(cache.knownIds().orElseThrow().mightExist(issued)).isTrue();
    }

    private VerifiableKey active(UserId owner) {
        ApiKey key = ApiKey.issue(ApiKeyToken.generate(KeyPrefix.DEFAULT, random), HASHER, owner, "ci",
                Scopes.parse(List.of("process")), T0, null);
        VerifiableKey verifiable = VerifiableKey.of(key, UserStatus.ACTIVE);
        store.keys.put(key.id(), verifiable);
        return verifiable;
    }

    private static VerifiableKey withOwner(VerifiableKey key, UserStatus status) {
        return new VerifiableKey(key.id(), key.prefix(), key.owner(), key.secretHash(), key.scopes(), key.expiresAt(),
                key.revokedAt(), key.meta(), status);
    }

    @Test
    void aMissThatReadTheOwnerActiveBeforeTheOwnerChangedIsNotCachedAfterTheChange() throws Exception {
        VerificationCache cache = cache(false, Duration.ZERO, 100);
        GatedVerifiableKeys gated = new GatedVerifiableKeys(store);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(gated, cache);
        UserId owner = owner();
        VerifiableKey key = active(owner);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<VerifiableKey>> miss = pool.submit(() -> keys.findForVerification(key.id()));
            gated.hasRead.await();
            store.keys.put(key.id(), withOwner(key, UserStatus.DISABLED)); // the owner's change commits...
            cache.ownerChanged(owner); // ... and is evicted, while the miss has not cached what it read yet
            gated.release.countDown();

            assertThat(miss.get(10, TimeUnit.SECONDS)).contains(key); // it began before the change: answered as read
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys.findAtHand(key.id())).isEmpty(); // but not cached
        assertThat(keys.findForVerification(key.id()).orElseThrow().ownerStatus()).isEqualTo(UserStatus.DISABLED);
    }

    @Test
    void aKeyChangeWaitsForAMissOfThatKeyUnderWayAndEvictsWhatItRead() throws Exception {
        VerificationCache cache = cache(false, Duration.ZERO, 100);
        GatedVerifiableKeys gated = new GatedVerifiableKeys(store);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(gated, cache);
        VerifiableKey key = active(owner());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<VerifiableKey>> miss = pool.submit(() -> keys.findForVerification(key.id()));
            gated.hasRead.await();
            store.keys.put(key.id(), new VerifiableKey(key.id(), key.prefix(), key.owner(), key.secretHash(),
                    key.scopes(), null, T0.plusSeconds(1), null, UserStatus.ACTIVE)); // revoked, committed
            Thread[] evictor = new Thread[1];
            Future<?> eviction = pool.submit(() -> {
                evictor[0] = Thread.currentThread();
                cache.keyChanged(key.id());
            });
            awaitBlockedOrDone(eviction, () -> evictor[0]);
            gated.release.countDown();

            assertThat(miss.get(10, TimeUnit.SECONDS)).contains(key);
            eviction.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys.findAtHand(key.id())).isEmpty();
        assertThat(keys.findForVerification(key.id()).orElseThrow().isRevoked()).isTrue();
    }

    /** Until the task's thread waits for a lock (or is done): deterministic, however slow the machine. */
    private static void awaitBlockedOrDone(Future<?> task, java.util.function.Supplier<Thread> thread) {
        while (!task.isDone()) {
            Thread running = thread.get();
            if (running != null && running.getState() == Thread.State.BLOCKED) {
                return;
            }
            Thread.yield();
        }
    }

    @Test
    void aMissUnderWayWhenTheCacheIsClearedIsNotCachedAfter() throws Exception {
        VerificationCache cache = cache(false, Duration.ZERO, 100);
        GatedVerifiableKeys gated = new GatedVerifiableKeys(store);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(gated, cache);
        VerifiableKey key = active(owner());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<VerifiableKey>> miss = pool.submit(() -> keys.findForVerification(key.id()));
            gated.hasRead.await();
            cache.clear(); // changes may have been missed: what was read before must not stay
            gated.release.countDown();
            assertThat(miss.get(10, TimeUnit.SECONDS)).contains(key);
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys.findAtHand(key.id())).isEmpty();
    }

    @Test
    void anOwnerChangeEvictsOnlyThatOwnersKeysAndTheIndexOfOwnersShrinksWithTheCache() {
        VerificationCache cache = new VerificationCache(new VerificationCache.Settings(8, BOUND, Duration.ZERO, 100),
                false, new SimpleMeterRegistry(), nanos::get);
        CachingVerifiableKeys keys = new CachingVerifiableKeys(store, cache);
        UserId many = owner();
        List<VerifiableKey> manys = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            manys.add(active(many));
        }
        VerifiableKey other = active(owner());
        manys.forEach(key -> keys.findForVerification(key.id()));
        keys.findForVerification(other.id());
        assertThat(cache.indexedOwners()).isEqualTo(2);

        cache.ownerChanged(many);
        manys.forEach(key -> assertThat(keys.findAtHand(key.id())).isEmpty());
        assertThat(keys.findAtHand(other.id())).isPresent();
        assertThat(cache.indexedOwners()).isEqualTo(1);

        for (int i = 0; i < 100; i++) { // far more keys than the cache holds: the index holds only what it holds
            keys.findForVerification(active(owner()).id());
        }
        assertThat(cache.size()).isLessThanOrEqualTo(8);
        assertThat(cache.indexedOwners()).isEqualTo((int) cache.size());
        cache.clear();
        assertThat(cache.indexedOwners()).isZero();
    }

    /** The verification read, counting reads per key id, optionally slow. */
    static final class CountingStore implements VerifiableKeys {
        final Map<KeyId, VerifiableKey> keys = new ConcurrentHashMap<>();
        private final Map<KeyId, AtomicInteger> reads = new ConcurrentHashMap<>();
        volatile Duration slowness = Duration.ZERO;

        @Override
        public Optional<VerifiableKey> findForVerification(KeyId id) {
            reads.computeIfAbsent(id, ignored -> new AtomicInteger()).incrementAndGet();
            try {
                Thread.sleep(slowness.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.ofNullable(keys.get(id));
        }

        int totalReads() {
            return reads.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        int reads(KeyId id) {
            AtomicInteger count = reads.get(id);
            return count == null ? 0 : count.get();
        }
    }
}
