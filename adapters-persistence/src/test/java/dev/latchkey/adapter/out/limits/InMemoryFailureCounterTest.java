package dev.latchkey.adapter.out.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryFailureCounterTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final ManualTime time = new ManualTime();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private InMemoryFailureCounter counter(int limit, long maxClients) {
        return new InMemoryFailureCounter(limit, WINDOW, maxClients, time, 0x5EED_1234_ABCD_0042L, registry);
    }

    private double evictionsMetric() {
        return registry.get("latchkey.throttle.evictions").functionCounter().count();
    }

    @Test
    void refusesAnAddressFromItsFiftiethFailureUntilTheWindowPasses() {
        InMemoryFailureCounter counter = counter(50, 1000);
        for (int i = 0; i < 49; i++) {
            counter.count("203.0.113.7");
        }
        assertThat(counter.exhausted("203.0.113.7")).isEmpty();

        advance(Duration.ofMinutes(1));
        counter.count("203.0.113.7");

        assertThat(counter.exhausted("203.0.113.7")).hasValue(Duration.ofMinutes(4));
        assertThat(counter.exhausted("198.51.100.1")).as("another address").isEmpty();

        advance(Duration.ofMinutes(4));
        assertThat(counter.exhausted("203.0.113.7")).as("the window passed").isEmpty();
        counter.count("203.0.113.7");
        assertThat(counter.exhausted("203.0.113.7")).as("a new window, one failure").isEmpty();
        assertThat(counter.failures("203.0.113.7")).isEqualTo(1);
    }

    @Test
    void anAddressPastTheLimitIsRefusedForTheRestOfItsWindowWhateverItTriesThenForgiven() {
        InMemoryFailureCounter counter = counter(5, 1000);
        counter.count("198.51.100.9"); // the window opens at 0
        advance(Duration.ofMinutes(2));
        for (int i = 0; i < 4; i++) {
            counter.count("198.51.100.9");
        }
        assertThat(counter.exhausted("198.51.100.9")).hasValue(Duration.ofMinutes(3));

        advance(Duration.ofSeconds(90));
        for (int i = 0; i < 100; i++) {
            counter.count("198.51.100.9"); // failures past the limit neither overflow nor stretch the window
        }
        assertThat(counter.exhausted("198.51.100.9")).hasValue(Duration.ofSeconds(90));
        assertThat(counter.failures("198.51.100.9")).isEqualTo(5);

        advance(Duration.ofSeconds(90).minusNanos(1));
        assertThat(counter.exhausted("198.51.100.9")).as("a nanosecond before the window's end")
                .hasValue(Duration.ofNanos(1));
        advance(Duration.ofNanos(1));
        assertThat(counter.exhausted("198.51.100.9")).as("forgiven").isEmpty();
        assertThat(counter.failures("198.51.100.9")).isZero();
    }

    @Test
    void anAddressThatNeverFailedIsNotRefused() {
        assertThat(counter(50, 1000).exhausted("192.0.2.1")).isEmpty();
    }

    @Test
    void everyAddressOfAnIpv6Slash64CountsForOneClientInTheTable() {
        InMemoryFailureCounter counter = counter(1000, 1000);
        for (int i = 0; i < 999; i++) {
            counter.count("2001:db8:aa:bb:" + Integer.toHexString(i) + "::" + Integer.toHexString(i * 7));
        }
        assertThat(counter.failures("2001:db8:aa:bb::1")).isEqualTo(999);
        assertThat(counter.exhausted("2001:DB8:AA:BB:ffff:ffff:ffff:ffff")).isEmpty();
        counter.count("2001:0db8:00aa:00bb:0000:0000:0000:0000");
        assertThat(counter.exhausted("2001:db8:aa:bb::77")).isPresent();
        assertThat(counter.exhausted("2001:db8:aa:bc::77")).as("the next /64").isEmpty();
        assertThat(counter.failures("2001:db8:aa::")).as("another /64 of the /48").isZero();

        counter.count("::ffff:cb00:7107");
        counter.count("::ffff:203.0.113.7");
        assertThat(counter.failures("203.0.113.7")).as("IPv4-mapped, however written, is the IPv4 client").isEqualTo(2);
    }

    @Test
    void aMillionAttackerAddressesNeverGetAnInnocentAddressRefused() {
        int limit = 5;
        int attackers = 1_000_000;
        String[] attacker = new String[attackers];
        for (int i = 0; i < attackers; i++) {
            attacker[i] = attacker(i);
        }
        for (long maxClients : new long[] {1_000_000, 4096}) {
            registry.clear();
            InMemoryFailureCounter counter = counter(limit, maxClients);
            String innocent = "192.0.2.10";
            int innocentFailures = 0;
            for (int i = 0; i < attackers; i++) {
                int failures = 1 + i % (limit + 2); // up to the limit and past it
                for (int f = 0; f < failures; f++) {
                    counter.count(attacker[i]);
                }
                if (i % 250_000 == 0 && innocentFailures < limit - 1) {
                    counter.count(innocent);
                    innocentFailures++;
                }
                if (counter.exhausted(innocent).isPresent()) { // (plain checks: a million AssertJ calls are slow)
                    throw new AssertionError("the innocent address is refused after attacker " + i);
                }
            }
            assertThat(innocentFailures).isEqualTo(limit - 1);
            assertThat(counter.failures(innocent)).as("never more than its own").isBetween(0, innocentFailures);

            int tracked = 0;
            int refused = 0;
            for (int i = 0; i < attackers; i++) {
                int known = counter.failures(attacker[i]);
                if (known > Math.min(limit, 1 + i % (limit + 2))) {
                    throw new AssertionError(attacker[i] + " counted " + known + " failures, more than it had");
                }
                tracked += known > 0 ? 1 : 0;
                var refusal = counter.exhausted(attacker[i]);
                if (refusal.isPresent()) {
                    refused++;
                    if (!refusal.get().equals(WINDOW) || known < limit) {
                        throw new AssertionError(attacker[i] + " refused for " + refusal.get() + " at " + known);
                    }
                }
            }
            assertThat(tracked).as("the table holds what it can").isLessThanOrEqualTo(counter.capacity())
                    .isGreaterThan(counter.capacity() / 2);
            assertThat(refused).as("attackers at the limit the table still holds").isPositive();
            long evictions = counter.evictions();
            assertThat(evictionsMetric()).isEqualTo(evictions);
            assertThat(evictions).as("%d addresses in %d slots", attackers, counter.capacity()).isPositive();
        }
    }

    /** Half IPv4 addresses, half IPv6 /64s, all different clients. */
    private static String attacker(int i) {
        return i % 2 == 0
                ? "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff)
                : "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1";
    }

    @Test
    void aFullSetForgetsTheClientWithTheFewestFailuresAndInflatesNobody() {
        InMemoryFailureCounter counter = counter(100, 8); // one set of 8 slots
        assertThat(counter.capacity()).isEqualTo(8);
        for (int client = 0; client < 8; client++) {
            for (int f = 0; f <= client; f++) {
                counter.count("198.51.100." + client); // client n has n + 1 failures
            }
        }
        assertThat(counter.evictions()).isZero();

        counter.count("203.0.113.1");

        assertThat(counter.evictions()).isEqualTo(1);
        assertThat(evictionsMetric()).isEqualTo(1);
        assertThat(counter.failures("198.51.100.0")).as("the fewest failures, forgotten").isZero();
        for (int client = 1; client < 8; client++) {
            assertThat(counter.failures("198.51.100." + client)).isEqualTo(client + 1);
        }
        assertThat(counter.failures("203.0.113.1")).as("the newcomer starts at its own count").isEqualTo(1);

        advance(Duration.ofMinutes(1));
        counter.count("198.51.100.0"); // back: the newcomer (1 failure) goes, not an older client with more
        assertThat(counter.failures("198.51.100.0")).isEqualTo(1);
        assertThat(counter.failures("203.0.113.1")).isZero();
        assertThat(counter.evictions()).isEqualTo(2);

        counter.count("198.51.100.0");
        counter.count("203.0.113.2"); // two clients with two failures each: the one of the older window goes
        assertThat(counter.failures("198.51.100.1")).as("2 failures, window from 0").isZero();
        assertThat(counter.failures("198.51.100.0")).as("2 failures, window from 1 min").isEqualTo(2);
        assertThat(counter.failures("203.0.113.2")).isEqualTo(1);
        assertThat(counter.evictions()).isEqualTo(3);

        advance(WINDOW);
        counter.count("192.0.2.1"); // every window passed: a slot is free, nothing evicted
        assertThat(counter.evictions()).isEqualTo(3);
        assertThat(counter.failures("192.0.2.1")).isEqualTo(1);
    }

    @Test
    void threadsCountingAtOnceCountExactlyWhenNothingIsEvicted() throws Exception {
        InMemoryFailureCounter counter = counter(Integer.MAX_VALUE, 1 << 16);
        int threads = 8;
        int perThread = 20_000;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        counter.count("203.0.113.50"); // one client all threads fail for
                        counter.count("2001:db8:7:" + thread + "::" + Integer.toHexString(i)); // one /64 each
                        counter.count("10.9." + thread + "." + (i % 100)); // a hundred clients each
                        counter.exhausted("203.0.113.50");
                    }
                    return null;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter.evictions()).isZero();
        assertThat(counter.failures("203.0.113.50")).isEqualTo(threads * perThread);
        for (int t = 0; t < threads; t++) {
            assertThat(counter.failures("2001:db8:7:" + t + "::")).isEqualTo(perThread);
            for (int c = 0; c < 100; c++) {
                assertThat(counter.failures("10.9." + t + "." + c)).isEqualTo(perThread / 100);
            }
        }
    }

    @Test
    void countingAndAskingAllocateNothingOnceWarm() {
        InMemoryFailureCounter counter = counter(Integer.MAX_VALUE, 1 << 16);
        String[] addresses = new String[4096];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = i % 2 == 0 ? attacker(i) : "2001:db8:" + Integer.toHexString(i) + "::" + i;
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int calls = 1_000_000;
        long refused = 0;
        for (int round = 0; round < 3; round++) { // the first rounds warm up
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                String address = addresses[i & (addresses.length - 1)];
                counter.count(address);
                refused += counter.exhausted(address).isPresent() ? 1 : 0;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 2) {
                // an object per call would be at least 16 MB; a few kB is the measurement's own noise
                assertThat(allocated).as("bytes allocated by %d count + exhausted calls", calls)
                        .isLessThan(64 * 1024);
            }
        }
        assertThat(refused).isZero();
    }

    private void advance(Duration by) {
        time.advance(by);
    }
}
