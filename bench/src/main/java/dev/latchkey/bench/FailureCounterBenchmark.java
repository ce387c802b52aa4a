package dev.latchkey.bench;

import dev.latchkey.adapter.out.limits.InMemoryFailureCounter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The failure throttle as the request path uses it, one thread, nanoseconds per operation: {@code ask} is what every
 * request presenting a key costs (is its address refused?), {@code countAndAsk} a {@code 401} on top. From a few
 * addresses, and from a million different ones (half IPv4, half IPv6 /64s) sprayed over the default table
 * (1,048,576 slots). The limit is out of reach, so that nobody is refused: a refusal's answer (its Retry-After) is
 * the one thing that allocates. Run with {@code -prof gc} for the bytes allocated per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Thread)
public class FailureCounterBenchmark {

    @Param({"8", "1000000"})
    public int addresses;

    private InMemoryFailureCounter counter;
    private String[] clients;
    private int next;

    @Setup
    public void setUp() {
        counter = new InMemoryFailureCounter(1_000_000_000, Duration.ofMinutes(5), 1_048_576);
        clients = new String[addresses];
        for (int i = 0; i < addresses; i++) {
            clients[i] = i % 2 == 0
                    ? "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff)
                    : "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1";
        }
        for (String client : clients) {
            counter.count(client);
        }
    }

    private String nextClient() {
        String client = clients[next];
        next = next + 1 == clients.length ? 0 : next + 1;
        return client;
    }

    @Benchmark
    public boolean ask() {
        return counter.exhausted(nextClient()).isPresent();
    }

    @Benchmark
    public boolean countAndAsk() {
        String client = nextClient();
        counter.count(client);
        return counter.exhausted(client).isPresent();
    }
}
