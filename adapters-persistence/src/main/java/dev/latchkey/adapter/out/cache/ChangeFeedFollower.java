package dev.latchkey.adapter.out.cache;

import dev.latchkey.adapter.out.persistence.ConnectionLane;
import dev.latchkey.adapter.out.persistence.KeyChangeFeed;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the cluster-wide change feed for one node's {@link VerificationCache}: every {@code pollInterval} it reads
 * the changes after the last one it applied (one indexed query) and evicts what they name, then marks the cache
 * fresh as of the read's start. It also loads the filter of known key ids, prunes old feed rows, and clears the
 * cache where it may have missed changes.
 *
 * <p>Ids are handed out when a change is inserted but become visible when it commits, so a smaller id can appear
 * after a larger one: ids skipped over are remembered as gaps and looked for again for {@code gapTimeout}
 * (a rolled-back change leaves a gap for good).
 */
public final class ChangeFeedFollower implements AutoCloseable {

    /**
     * @param pollInterval     how often the feed is read
     * @param retention        how long feed rows are kept; a node that could not read for half of it clears its cache
     * @param gapTimeout       how long a skipped id is looked for
     * @param knownIdsCapacity the least number of key ids the filter of known ids is sized for
     * @param preload          how many of the most recently used keys to cache at start (0: none)
     */
    public record Settings(Duration pollInterval, Duration retention, Duration gapTimeout, long knownIdsCapacity,
                           int preload) {
    }

    static final int BATCH = 1_000;
    static final int MAX_GAPS = 10_000;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);
    private static final long NEVER = Long.MIN_VALUE;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeedFollower.class);

    private final KeyChangeFeed feed;
    private final VerificationCache cache;
    private final Settings settings;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService poller;
    private final ExecutorService loader;

    // touched by the poller thread only (and by tests calling poll() directly)
    private long cursor = -1;
    private final Map<Long, Long> gaps = new HashMap<>();
    private long lastSuccess = NEVER;
    private long lastPrune = NEVER;
    private long lastWarning = NEVER;
    private volatile boolean loadingKnownIds;

    public ChangeFeedFollower(KeyChangeFeed feed, VerificationCache cache, Settings settings, Clock clock,
                              LongSupplier nanoTime) {
        this.feed = feed;
        this.cache = cache;
        this.settings = settings;
        this.clock = clock;
        this.nanoTime = nanoTime;
        // their own connections and time budget: a feed read never waits behind requests or writers for one
        this.poller = Executors.newSingleThreadScheduledExecutor(ConnectionLane.FEED.threads("latchkey-change-feed"));
        this.loader = Executors.newSingleThreadExecutor(ConnectionLane.FEED.threads("latchkey-known-key-ids"));
    }

    /**
     * Starts following: a first read on the caller's thread (so that the cache answers from the first request on),
     * then one every poll interval.
     */
    public void start() {
        try {
            poller.submit(this::poll).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (settings.preload() > 0) {
            poller.execute(this::preload);
        }
        long interval = settings.pollInterval().toNanos();
        poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Caches the keys used most recently, so that a restart does not send every first request to the store. The
     * feed is read right after, on this same thread: a change committed after the preload read them evicts them.
     */
    void preload() {
        long start = nanoTime.getAsLong();
        int[] loaded = {0};
        try {
            feed.forEachRecentlyUsed(settings.preload(), key -> {
                cache.preload(key);
                loaded[0]++;
            });
            LOG.info("cache: preloaded the {} keys used most recently in {} ms", loaded[0],
                    (nanoTime.getAsLong() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("cache: cannot preload recently used keys ({})", e.getClass().getName());
        }
        poll();
    }

    /**
     * One read of the feed; a failure leaves the cache to age (and go stale past its bound). A slow read is no failure:
     * while it runs, the cache keeps answering within the feed's time budget ({@link VerificationCache.Settings}).
     */
    void poll() {
        long start = nanoTime.getAsLong();
        try {
            boolean missedRows = lastSuccess != NEVER && start - lastSuccess > settings.retention().toNanos() / 2;
            if (!readChanges(start) || missedRows) {
                LOG.warn("change feed: changes may have been missed (pruned or too many gaps): cache cleared");
                cache.clear();
                reloadKnownIds();
            } else if (cache.knownIds().map(KnownKeyIds::isOverfull).orElse(true)) {
                reloadKnownIds();
            }
            cache.feedRead(start);
            lastSuccess = start;
            pruneWhenDue(start);
        } catch (RuntimeException e) {
            cache.feedFailed();
            if (lastWarning == NEVER || start - lastWarning > WARN_EVERY.toNanos()) {
                lastWarning = start;
                LOG.warn("change feed: cannot read it ({}); the cache stops answering {} after the last read",
                        e.getClass().getName(), cache.settings().maxStaleness());
            }
        }
    }

    /** Applies the changes after the cursor (and any that fill gaps); false when too many ids went missing. */
    private boolean readChanges(long now) {
        long from = gaps.isEmpty() ? cursor : Math.min(cursor, Collections.min(gaps.keySet()) - 1);
        boolean complete = true;
        List<KeyChangeFeed.Change> batch;
        do {
            batch = feed.after(Math.max(from, 0), BATCH);
            for (KeyChangeFeed.Change change : batch) {
                if (change.id() > cursor) {
                    if (cursor >= 0 && !noteGaps(cursor + 1, change.id(), now)) {
                        complete = false;
                    }
                    apply(change);
                    cursor = change.id();
                } else if (gaps.remove(change.id()) != null) {
                    apply(change);
                }
                from = change.id();
            }
        } while (batch.size() == BATCH);
        long timeout = settings.gapTimeout().toNanos();
        gaps.values().removeIf(firstSeen -> now - firstSeen > timeout);
        return complete;
    }

    private boolean noteGaps(long fromId, long toId, long now) {
        if (toId - fromId + gaps.size() > MAX_GAPS) {
            return false;
        }
        for (long missing = fromId; missing < toId; missing++) {
            gaps.put(missing, now);
        }
        return true;
    }

    private void apply(KeyChangeFeed.Change change) {
        if (change.key() != null) {
            cache.keyChanged(change.key());
        }
        if (change.owner() != null) {
            cache.ownerChanged(change.owner());
        }
    }

    /**
     * Fills a new filter of known ids from the store, off the poller; ids issued meanwhile go in as well. A filter
     * that turns out overfull is replaced by one twice its size at the next read.
     */
    private void reloadKnownIds() {
        if (loadingKnownIds) {
            return;
        }
        loadingKnownIds = true;
        long capacity = Math.max(settings.knownIdsCapacity(),
                2 * cache.knownIds().map(KnownKeyIds::capacity).orElse(0L));
        loader.execute(() -> {
            try {
                KnownKeyIds loading = cache.startLoadingKnownIds(capacity);
                feed.forEachKeyId(loading::add);
                cache.knownIdsLoaded(loading);
            } catch (RuntimeException e) {
                LOG.warn("change feed: cannot load the known key ids ({}); until it can, uncached ids are read from"
                        + " the store within latchkey.cache.unknown-key-reads-per-second, and 503 past it",
                        e.getClass().getName());
            } finally {
                loadingKnownIds = false;
            }
        });
    }

    private void pruneWhenDue(long now) {
        if (lastPrune != NEVER && now - lastPrune < PRUNE_EVERY.toNanos()) {
            return;
        }
        lastPrune = now;
        int pruned = feed.pruneBefore(clock.instant().minus(settings.retention()));
        if (pruned > 0) {
            LOG.debug("change feed: pruned {} rows", pruned);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        loader.shutdownNow();
    }
}
