package dev.latchkey.adapter.out.limits;

import dev.latchkey.application.port.out.verification.FailureCounter;
import dev.latchkey.domain.verification.ClientNetwork;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongSupplier;

/**
 * Failures per client on this node (an IPv6 client per /64, {@link ClientNetwork}) in a table of fixed size, whatever
 * the number of addresses: a client is refused from its {@code limit}-th failure within a {@code window} from its
 * first, until that window passes; its next failure then opens a new window.
 *
 * <p>The table is allocated once: {@code maxClients} slots rounded up to a power of two, {@value #BYTES_PER_CLIENT}
 * bytes each in three primitive arrays (the client's 64-bit {@link ClientNetwork#fingerprint fingerprint}, keyed by
 * a random seed of this process; the failures; the end of the window). A client lives in one of the
 * {@value #WAYS} slots of the set its fingerprint picks; a new client takes a free slot there or one whose window
 * passed, else it evicts the client of the set with the fewest failures (the oldest window among equals), which
 * starts over at its next failure: an eviction only ever loses a count, counted in {@code latchkey.throttle.evictions}.
 * Two different IP clients never share a fingerprint, so no count is ever added to another client's.
 *
 * <p>Neither counting nor asking allocates (a refusal's {@link Duration} aside) nor blocks on I/O: a set is guarded
 * by one of a fixed number of locks, written under its write lock, read optimistically.
 */
public final class InMemoryFailureCounter implements FailureCounter {

    /** The slots of one set, the most slots a client's lookup reads. */
    static final int WAYS = 8;
    /** What one tracked client costs: its fingerprint (8), its window's end (8), its failures (4). */
    public static final int BYTES_PER_CLIENT = 20;
    /** The most slots: the arrays are indexed by int. */
    static final int MAX_SLOTS = 1 << 30;
    private static final int MAX_LOCKS = 1024;

    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final long seed;
    private final long[] clients;
    private final long[] windowEnds;
    private final int[] failures;
    private final int setMask;
    private final StampedLock[] locks;
    private final LongAdder evictions = new LongAdder();

    public InMemoryFailureCounter(int limit, Duration window, long maxClients) {
        this(limit, window, maxClients, System::nanoTime, new SecureRandom().nextLong(), null);
    }

    /** As above, counting evictions in {@code latchkey.throttle.evictions}. */
    public InMemoryFailureCounter(int limit, Duration window, long maxClients, MeterRegistry registry) {
        this(limit, window, maxClients, System::nanoTime, new SecureRandom().nextLong(), registry);
    }

    /** With the clock (nanoseconds) a test moves, the fingerprints' seed, and where to count evictions (if given). */
    InMemoryFailureCounter(int limit, Duration window, long maxClients, LongSupplier nanoTime, long seed,
                           MeterRegistry registry) {
        if (limit < 1) {
            throw new IllegalArgumentException("the failure limit must be at least 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the failure window must be positive");
        }
        if (maxClients < 1 || maxClients > MAX_SLOTS) {
            throw new IllegalArgumentException("the clients tracked must be between 1 and " + MAX_SLOTS);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.seed = seed;
        int slots = slots(maxClients);
        this.clients = new long[slots];
        this.windowEnds = new long[slots];
        this.failures = new int[slots];
        this.setMask = slots / WAYS - 1;
        this.locks = new StampedLock[Math.min(MAX_LOCKS, slots / WAYS)];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new StampedLock();
        }
        if (registry != null) {
            FunctionCounter.builder("latchkey.throttle.evictions", evictions, LongAdder::sum)
                    .description("clients whose failed authentications were forgotten to make room for another's "
                            + "(latchkey.throttle.max-clients is full)")
                    .register(registry);
        }
    }

    /** The slots of a table for {@code maxClients}: at least that many, a power of two, at least one set. */
    public static int slots(long maxClients) {
        long wanted = Math.max(WAYS, Math.min(maxClients, MAX_SLOTS));
        return (int) Long.highestOneBit(wanted - 1) << 1;
    }

    @Override
    public void count(String address) {
        count(fingerprint(address));
    }

    @Override
    public Optional<Duration> exhausted(String address) {
        return exhausted(fingerprint(address));
    }

    /** The client of {@code address} as this table knows it (keyed by this process's seed). */
    public long fingerprint(String address) {
        return ClientNetwork.fingerprint(address, seed);
    }

    /** Counts one failure of the client with this {@link #fingerprint}. */
    public void count(long client) {
        int base = base(client);
        StampedLock lock = lock(client);
        long stamp = lock.writeLock();
        try {
            long now = nanoTime.getAsLong();
            int slot = slotOf(base, client, now);
            if (failures[slot] == 0 || windowEnds[slot] - now <= 0) {
                failures[slot] = 1;
                windowEnds[slot] = now + windowNanos;
            } else if (failures[slot] < limit) {
                failures[slot]++;
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Refuses the client with this {@link #fingerprint} for {@code nanos} from now at least, as if it had reached the
     * limit (what another node, through Redis, has learnt); a longer refusal it already has stays.
     */
    public void refuse(long client, long nanos) {
        int base = base(client);
        StampedLock lock = lock(client);
        long stamp = lock.writeLock();
        try {
            long now = nanoTime.getAsLong();
            int slot = slotOf(base, client, now);
            long until = now + nanos;
            if (failures[slot] == 0 || windowEnds[slot] - until < 0) {
                windowEnds[slot] = until;
            }
            failures[slot] = limit;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** If the client with this {@link #fingerprint} is refused: the time until its window passes. */
    public Optional<Duration> exhausted(long client) {
        int base = base(client);
        StampedLock lock = lock(client);
        long now = nanoTime.getAsLong();
        long stamp = lock.tryOptimisticRead();
        long left = refusedFor(base, client, now);
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                left = refusedFor(base, client, now);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /** Clients forgotten to make room for another so far. */
    public long evictions() {
        return evictions.sum();
    }

    /** The clients the table holds at most. */
    public int capacity() {
        return failures.length;
    }

    /** The failures of {@code address}'s client within its current window, 0 when none (or forgotten). */
    int failures(String address) {
        long client = fingerprint(address);
        int base = base(client);
        StampedLock lock = lock(client);
        long stamp = lock.readLock();
        try {
            long now = nanoTime.getAsLong();
            for (int slot = base; slot < base + WAYS; slot++) {
                if (failures[slot] > 0 && clients[slot] == client && windowEnds[slot] - now > 0) {
                    return failures[slot];
                }
            }
            return 0;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private long refusedFor(int base, long client, long now) {
        for (int slot = base; slot < base + WAYS; slot++) {
            if (clients[slot] == client && failures[slot] >= limit) {
                return Math.max(0, windowEnds[slot] - now);
            }
        }
        return 0;
    }

    /**
     * Under the set's write lock: the client's slot, or else a slot given to it with no failures: a free one, one
     * whose window passed, or else the one of the client with the fewest failures (oldest window among equals).
     */
    private int slotOf(int base, long client, long now) {
        int free = -1;
        int victim = -1;
        for (int slot = base; slot < base + WAYS; slot++) {
            int count = failures[slot];
            if (count > 0 && clients[slot] == client) {
                return slot;
            }
            if (count == 0 || windowEnds[slot] - now <= 0) {
                if (free < 0) {
                    free = slot;
                }
            } else if (victim < 0 || count < failures[victim]
                    || (count == failures[victim] && windowEnds[slot] - windowEnds[victim] < 0)) {
                victim = slot;
            }
        }
        if (free < 0) {
            free = victim;
            evictions.increment();
        }
        clients[free] = client;
        failures[free] = 0;
        return free;
    }

    private int base(long client) {
        return ((int) (client >>> 32) & setMask) * WAYS;
    }

    private StampedLock lock(long client) {
        return locks[(int) (client >>> 32) & setMask & (locks.length - 1)];
    }
}
