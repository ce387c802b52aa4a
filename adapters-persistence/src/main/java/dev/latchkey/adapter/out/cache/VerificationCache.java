package dev.latchkey.adapter.out.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.verification.VerifiableKey;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What verification has read from the store, by key id: each key packed small ({@link CachedKey}), unknown ids as
 * negative entries, and every stored id in a {@link KnownKeyIds} filter. Changes evict entries: on the node that made
 * them once they have committed (see {@link EvictingTransactions}), through the change feed on every other node. The
 * cache only answers while it is fresh: while the feed was read less than {@code maxStaleness} ago; while the
 * database is slow but there (no feed read has failed since the last one that succeeded, and the store is not known to
 * be unreachable), up to {@code feedTimeout} longer; and during the opt-in {@code outageGrace}. Otherwise callers go to
 * the store. So a busy database never turns cached verdicts into store reads (and 503s) before the feed's own time
 * budget has passed; a database that is gone does, after {@code maxStaleness}, as it always did.
 *
 * <p>No eviction is undone by a read that began before it. A miss reads the store while it holds its entry's slot,
 * and the eviction of that one key waits for the slot: whatever the miss read, it is evicted after. A change of an
 * owner evicts the keys the owner has cached ({@link KeysByOwner}) and counts itself; a miss caches a key only if no
 * owner changed since it began reading, and notes it under its owner in the same step, so either the change finds
 * the key or the miss sees the change. Clearing replaces the whole table: a miss that began before it caches its read
 * in a table nobody reads any more.
 */
public final class VerificationCache {

    /**
     * @param maximumSize  entries kept at most (least recently used go first)
     * @param maxStaleness how old the last successful feed read may be for the cache to answer
     * @param outageGrace  how much longer cached verdicts are served while the feed cannot be read (0: none)
     * @param feedTimeout  how much longer than {@code maxStaleness} cached verdicts are served while the feed is slow:
     *                     its last read succeeded, none has failed since, and the store is not unreachable (0: none)
     * @param unknownKeyReadsPerSecond store reads per second for uncached key ids while the filter of known ids
     *                     has not loaded yet (no id can be classified); past that budget such ids are refused as
     *                     {@link StoreUnavailable} (503: the key may be genuine)
     */
    public record Settings(long maximumSize, Duration maxStaleness, Duration outageGrace,
                           long unknownKeyReadsPerSecond, Duration feedTimeout) {
        public Settings {
            if (maximumSize < 0 || maxStaleness.isNegative() || outageGrace.isNegative()
                    || unknownKeyReadsPerSecond < 1 || feedTimeout.isNegative()) {
                throw new IllegalArgumentException("cache sizes and durations must not be negative");
            }
        }

        /** No allowance for a slow feed: past {@code maxStaleness} the cache is fresh no longer. */
        public Settings(long maximumSize, Duration maxStaleness, Duration outageGrace, long unknownKeyReadsPerSecond) {
            this(maximumSize, maxStaleness, outageGrace, unknownKeyReadsPerSecond, Duration.ZERO);
        }
    }

    /** How far the cache can be trusted now. */
    public enum Freshness {
        /**
         * The feed was read within the staleness bound, or it is slow but working: within the bound plus the feed's
         * time budget, with no failed read since (or there is no feed: one node, every change seen).
         */
        FRESH,
        /** The feed is overdue, but the operator's outage grace lets cached verdicts be served. */
        DEGRADED,
        /** The feed is overdue: the store is asked instead. */
        STALE
    }

    private static final long NEVER = Long.MIN_VALUE;
    private static final int INITIAL_CAPACITY = 1 << 16;
    /** Why an id was refused as unavailable; shared, so that a flood of such refusals builds no stack trace twice. */
    private static final IllegalStateException UNCLASSIFIED = new IllegalStateException(
            "the filter of known key ids is still loading and this second's store reads for ids it cannot classify"
                    + " are spent");

    private final Settings settings;
    private final boolean followsFeed;
    private final LongSupplier nanoTime;
    private volatile Table table;
    private final Interner<KeyPrefix> prefixes = Interners.newWeakInterner();
    private final Interner<UserId> owners = Interners.newWeakInterner();
    private final Interner<Scopes> scopeSets = Interners.newWeakInterner();
    private final CachedKey.Sharing sharing = new CachedKey.Sharing() {
        @Override
        public KeyPrefix prefix(KeyPrefix prefix) {
            return prefixes.intern(prefix);
        }

        @Override
        public UserId owner(UserId owner) {
            return owners.intern(owner);
        }

        @Override
        public Scopes scopes(Scopes scopes) {
            return scopeSets.intern(scopes);
        }
    };
    private final Bucket unknownKeyReads;
    private volatile KnownKeyIds knownIds;
    private volatile KnownKeyIds knownIdsBeingLoaded;
    private volatile long lastFeedReadStart = NEVER;
    private volatile boolean feedFailed;
    private final BooleanSupplier storeUnreachable;
    private final Counter hits;
    private final Counter misses;
    private final Counter filtered;
    private final Counter unavailable;
    private final Counter bypassed;
    private final Counter changeEvictions;
    private final Counter sizeEvictions;
    // the changes of the transaction open on this thread, evicted once it has ended (EvictingTransactions)
    private final ThreadLocal<Changes> uncommitted = new ThreadLocal<>();

    /**
     * @param followsFeed whether a change feed will report other nodes' changes ({@link #feedRead} must then be
     *                    called); without one the cache is always fresh (a single node sees all its changes)
     */
    public VerificationCache(Settings settings, boolean followsFeed, MeterRegistry registry, LongSupplier nanoTime) {
        this(settings, followsFeed, registry, nanoTime, () -> false);
    }

    /**
     * @param storeUnreachable whether the store is known to be unreachable now (its circuit breaker is open): a slow
     *                         feed then gets no allowance past {@code maxStaleness}
     */
    public VerificationCache(Settings settings, boolean followsFeed, MeterRegistry registry, LongSupplier nanoTime,
                             BooleanSupplier storeUnreachable) {
        this.settings = settings;
        this.storeUnreachable = storeUnreachable;
        this.followsFeed = followsFeed;
        this.nanoTime = nanoTime;
        this.unknownKeyReads = Bucket.builder().addLimit(limit -> limit.capacity(settings.unknownKeyReadsPerSecond())
                .refillGreedy(settings.unknownKeyReadsPerSecond(), Duration.ofSeconds(1)))
                .withCustomTimePrecision(new TimeMeter() { // the cache's clock, which tests move
                    @Override
                    public long currentTimeNanos() {
                        return nanoTime.getAsLong();
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return false;
                    }
                }).build();
        this.hits = requests(registry, "hit", "answered from a cached entry");
        this.misses = requests(registry, "miss", "read from the store");
        this.filtered = requests(registry, "filtered", "answered 'no such key' by the filter of known key ids");
        this.unavailable = requests(registry, "unavailable",
                "refused as unavailable: the filter of known key ids is loading and its budget of store reads spent");
        this.bypassed = requests(registry, "bypassed", "read from the store because the change feed is overdue");
        this.changeEvictions = Counter.builder("latchkey.cache.evictions").tag("cause", "change")
                .description("Cache entries evicted").register(registry);
        this.sizeEvictions = Counter.builder("latchkey.cache.evictions").tag("cause", "size")
                .description("Cache entries evicted").register(registry);
        this.table = new Table();
        Gauge.builder("latchkey.cache.size", this, cache -> cache.table.entries.estimatedSize())
                .description("Entries in the verification cache (negative ones included)").register(registry);
        Gauge.builder("latchkey.cache.feed.lag", this, cache -> cache.feedLag().toNanos() / 1e9)
                .baseUnit("seconds").description("Time since the last successful read of the change feed")
                .register(registry);
    }

    private static Counter requests(MeterRegistry registry, String result, String description) {
        return Counter.builder("latchkey.cache.requests").tag("result", result)
                .description("Verification lookups by how they were answered: " + description).register(registry);
    }

    /**
     * What the cache knows of {@code id} without I/O, when it may answer at all; empty: ask the store. An id that the
     * filter of known ids does not hold is answered "no such key" from memory, never read: so it costs what a known id
     * with a wrong secret costs (its timing tells nobody whether the id exists), and a key issued on another node
     * works here once the change feed brings it (within {@code maxStaleness}). Until the filter has loaded no id can
     * be classified: uncached ids are read within the budget of {@code unknownKeyReadsPerSecond}, and past it refused
     * with {@link StoreUnavailable} (a key that may be genuine is not called invalid; a flood of made-up ids right
     * after a start does not reach the store).
     */
    Optional<Optional<VerifiableKey>> atHand(KeyId id) {
        if (freshness() == Freshness.STALE) {
            return Optional.empty();
        }
        CachedKey entry = table.entries.getIfPresent(id.value());
        if (entry != null) {
            hits.increment();
            return Optional.of(unpack(id, entry));
        }
        KnownKeyIds known = knownIds;
        if (known == null) {
            // without a feed there is no filter to wait for: every change is this node's, and misses are read
            if (followsFeed && !unknownKeyReads.tryConsume(1)) {
                unavailable.increment();
                throw new StoreUnavailable(UNCLASSIFIED);
            }
            return Optional.empty();
        }
        if (!known.mightExist(id)) {
            filtered.increment();
            return Optional.of(Optional.empty());
        }
        return Optional.empty();
    }

    /**
     * The answer for {@code id}, read through {@code store} on a miss (concurrent misses of one id read it once);
     * straight from the store, caching nothing, while the cache is stale. What a miss read is cached unless a change
     * it may have missed was evicted meanwhile (it is answered all the same: the change was not complete yet when
     * the read began).
     */
    Optional<VerifiableKey> get(KeyId id, Function<KeyId, Optional<VerifiableKey>> store) {
        if (freshness() == Freshness.STALE) {
            bypassed.increment();
            return store.apply(id);
        }
        Table current = table;
        CachedKey cached = current.entries.getIfPresent(id.value());
        if (cached != null) {
            hits.increment();
            return unpack(id, cached);
        }
        Miss miss = new Miss(current, id, store);
        CachedKey entry = current.entries.get(id.value(), miss);
        return unpack(id, entry != null ? entry : miss.read);
    }

    private static Optional<VerifiableKey> unpack(KeyId id, CachedKey entry) {
        return entry.isAbsent() ? Optional.empty() : Optional.of(entry.toVerifiable(id));
    }

    /**
     * Key {@code id} was issued or changed: forget what is cached of it, and know that it exists. At once; or, in a
     * transaction of {@link EvictingTransactions} on this thread, once that has ended.
     */
    public void keyChanged(KeyId id) {
        Changes open = uncommitted.get();
        if (open != null) {
            open.keys.add(id);
            return;
        }
        addKnown(id);
        if (table.evict(id.value())) {
            changeEvictions.increment();
        }
    }

    /**
     * The owner {@code id} changed (status, deletion): forget every cached key it owns, at a cost in their number.
     * At once; or, in a transaction of {@link EvictingTransactions} on this thread, once that has ended.
     */
    public void ownerChanged(UserId id) {
        Changes open = uncommitted.get();
        if (open != null) {
            open.owners.add(id);
            return;
        }
        Table current = table;
        List<String> owned;
        synchronized (current.keysByOwner) {
            current.ownerChanges++;
            owned = current.keysByOwner.of(id);
        }
        for (String key : owned) {
            if (current.evict(key)) {
                changeEvictions.increment();
            }
        }
    }

    /**
     * Runs {@code transaction}, holding back the evictions of the changes made in it on this thread until it has
     * ended (committed, or rolled back): evicted earlier, a miss could read the old state before the commit and cache
     * it after the eviction. Within a transaction already open on this thread, it joins that one.
     */
    <T> T evictingAfter(Supplier<T> transaction) {
        if (uncommitted.get() != null) {
            return transaction.get();
        }
        Changes changes = new Changes();
        uncommitted.set(changes);
        try {
            return transaction.get();
        } finally {
            uncommitted.remove();
            changes.keys.forEach(this::keyChanged);
            changes.owners.forEach(this::ownerChanged);
        }
    }

    /**
     * Caches {@code key} read ahead of any request (a preload), unless an entry for it exists. Only the change-feed
     * follower calls this, and reads the feed right after, so that a change made meanwhile evicts it.
     */
    void preload(VerifiableKey key) {
        Table current = table;
        current.entries.asMap().computeIfAbsent(key.id().value(), id -> {
            CachedKey entry = CachedKey.of(key, sharing);
            synchronized (current.keysByOwner) {
                current.keysByOwner.add(entry.owner(), id);
            }
            return entry;
        });
    }

    /**
     * Forgets every entry (a gap in the change feed: changes may have been missed), by starting a new table: a miss
     * that began before caches what it read in the old one, which nobody reads any more. The filter of known ids,
     * which may have missed ids issued meanwhile, goes too: until it is loaded again, ids are not classified.
     */
    void clear() {
        table = new Table();
        knownIds = null;
    }

    private void addKnown(KeyId id) {
        KnownKeyIds known = knownIds;
        if (known != null) {
            known.add(id);
        }
        KnownKeyIds loading = knownIdsBeingLoaded;
        if (loading != null) {
            loading.add(id);
        }
    }

    /**
     * Starts a new filter of known ids: from now on issued ids go into it too, so the caller can fill it from the
     * store and then {@link #knownIdsLoaded install} it without missing an id issued meanwhile.
     */
    KnownKeyIds startLoadingKnownIds(long capacity) {
        KnownKeyIds loading = new KnownKeyIds(capacity);
        knownIdsBeingLoaded = loading;
        return loading;
    }

    void knownIdsLoaded(KnownKeyIds loaded) {
        knownIds = loaded;
        knownIdsBeingLoaded = null;
    }

    /** The filter in use, if one is loaded. */
    Optional<KnownKeyIds> knownIds() {
        return Optional.ofNullable(knownIds);
    }

    /** The change feed was read successfully by a read that started at {@code startNanos}. */
    void feedRead(long startNanos) {
        lastFeedReadStart = startNanos;
        feedFailed = false;
    }

    /** A read of the change feed failed: until one succeeds, a slow feed gets no allowance past the bound. */
    void feedFailed() {
        feedFailed = true;
    }

    public Duration feedLag() {
        if (!followsFeed) {
            return Duration.ZERO;
        }
        long last = lastFeedReadStart;
        return last == NEVER ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
                : Duration.ofNanos(nanoTime.getAsLong() - last);
    }

    public Freshness freshness() {
        if (!followsFeed) {
            return Freshness.FRESH;
        }
        long last = lastFeedReadStart;
        if (last == NEVER) {
            return Freshness.STALE;
        }
        long age = nanoTime.getAsLong() - last;
        if (age <= settings.maxStaleness().toNanos()) {
            return Freshness.FRESH;
        }
        // slow, not down: the feed is being read (nothing failed since the last read) and the store is reachable
        if (!feedFailed && age <= settings.maxStaleness().plus(settings.feedTimeout()).toNanos()
                && !storeUnreachable.getAsBoolean()) {
            return Freshness.FRESH;
        }
        return age <= settings.maxStaleness().plus(settings.outageGrace()).toNanos()
                ? Freshness.DEGRADED : Freshness.STALE;
    }

    public Settings settings() {
        return settings;
    }

    long size() {
        Cache<String, CachedKey> entries = table.entries;
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** How many owners have keys in the cache (for tests: the index of keys by owner is kept as small as the cache). */
    int indexedOwners() {
        Table current = table;
        synchronized (current.keysByOwner) {
            return current.keysByOwner.owners();
        }
    }

    /**
     * The entries, and which of them each owner has. {@link #clear} replaces it whole; its index changes only in the
     * same atomic step as the entry it names (a miss caching it, an eviction, a removal for size).
     */
    private final class Table {

        final Cache<String, CachedKey> entries;
        final KeysByOwner keysByOwner = new KeysByOwner(); // guards itself and ownerChanges
        volatile long ownerChanges; // written with keysByOwner held

        Table() {
            // a miss holds its hash bin while it reads the store: many bins, so that misses of other ids rarely wait
            this.entries = Caffeine.newBuilder().maximumSize(settings.maximumSize())
                    .initialCapacity((int) Math.min(settings.maximumSize(), INITIAL_CAPACITY))
                    .evictionListener((String key, CachedKey entry, RemovalCause cause) -> {
                        // called within the removal's atomic step, as every change of the index must be
                        if (key != null && entry != null) {
                            unindex(key, entry);
                        }
                        sizeEvictions.increment();
                    }).build();
        }

        /**
         * Whether a miss that began when {@code ownerChangesSeen} owner changes had been counted may cache
         * {@code entry}; if so it is noted under its owner. Called within the miss's atomic step.
         */
        boolean admit(String key, CachedKey entry, long ownerChangesSeen) {
            if (entry.isAbsent()) {
                return true; // owned by nobody: only a change of this key concerns it, and that waits for the miss
            }
            synchronized (keysByOwner) {
                if (ownerChanges != ownerChangesSeen) {
                    return false;
                }
                keysByOwner.add(entry.owner(), key);
                return true;
            }
        }

        /** Removes the entry of {@code key}, waiting for a miss of it under way; whether there was one. */
        boolean evict(String key) {
            boolean[] evicted = {false};
            entries.asMap().compute(key, (ignored, entry) -> {
                if (entry != null) {
                    unindex(key, entry);
                    evicted[0] = true;
                }
                return null;
            });
            return evicted[0];
        }

        private void unindex(String key, CachedKey entry) {
            if (!entry.isAbsent()) {
                synchronized (keysByOwner) {
                    keysByOwner.remove(entry.owner(), key);
                }
            }
        }
    }

    /** One miss: reads the store within the entry's atomic step, and caches what it read if {@link Table#admit}. */
    private final class Miss implements Function<String, CachedKey> {

        private final Table table;
        private final KeyId id;
        private final Function<KeyId, Optional<VerifiableKey>> store;
        private final long ownerChanges;
        CachedKey read;

        Miss(Table table, KeyId id, Function<KeyId, Optional<VerifiableKey>> store) {
            this.table = table;
            this.id = id;
            this.store = store;
            this.ownerChanges = table.ownerChanges; // before the store is read
        }

        @Override
        public CachedKey apply(String key) {
            misses.increment();
            Optional<VerifiableKey> found = store.apply(id);
            found.ifPresent(ignored -> addKnown(id));
            read = found.map(stored -> CachedKey.of(stored, sharing)).orElse(CachedKey.ABSENT);
            return table.admit(key, read, ownerChanges) ? read : null;
        }
    }

    /** The keys and owners a transaction changed, to evict once it has ended. */
    private static final class Changes {
        final List<KeyId> keys = new ArrayList<>(2);
        final List<UserId> owners = new ArrayList<>(1);
    }
}
