package dev.latchkey.adapter.out.cache;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import dev.latchkey.domain.apikey.KeyId;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every key id the store holds, as a Bloom filter: "certainly not stored" is answered from memory, so a key id
 * nobody issued costs no database read (except for the filter's false positives, {@link #FALSE_POSITIVES} of
 * them). Ids are only ever added: revoked keys stay in, which errs on the side of asking the store.
 */
final class KnownKeyIds {

    static final double FALSE_POSITIVES = 0.01;

    private final BloomFilter<CharSequence> filter;
    private final long capacity;
    private final AtomicLong added = new AtomicLong();

    KnownKeyIds(long capacity) {
        this.capacity = capacity;
        this.filter = BloomFilter.create(Funnels.stringFunnel(StandardCharsets.US_ASCII), capacity, FALSE_POSITIVES);
    }

    void add(KeyId id) {
        filter.put(id.value()); // thread-safe: Guava's filter sets its bits atomically
        added.incrementAndGet();
    }

    boolean mightExist(KeyId id) {
        return filter.mightContain(id.value());
    }

    /** Whether more ids went in than it was sized for (its false-positive rate then grows). */
    boolean isOverfull() {
        return added.get() > capacity;
    }

    long capacity() {
        return capacity;
    }
}
