package dev.latchkey.adapter.out.cache;

import dev.latchkey.application.port.out.store.Transactions;
import java.util.function.Supplier;

/**
 * The store's transactions, with this node's {@link VerificationCache} evicting what a transaction changed once it
 * has ended, before it returns. Evicted inside the transaction, before the commit, a change could be undone on this
 * node: a verification that misses meanwhile reads the state being replaced and caches it after the eviction, and
 * a revoked key would go on working here until the change feed names it again. The evicting stores
 * ({@link EvictingApiKeys}, {@link EvictingUsers}) written to inside one of these transactions leave their evictions
 * to it; outside of one, each store write commits by itself and they evict when it returns.
 *
 * <p>A store transaction belongs to the thread that runs it, and so do the evictions it holds back.
 */
public final class EvictingTransactions implements Transactions {

    private final Transactions store;
    private final VerificationCache cache;

    public EvictingTransactions(Transactions store, VerificationCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return cache.evictingAfter(() -> store.inTransaction(work));
    }
}
