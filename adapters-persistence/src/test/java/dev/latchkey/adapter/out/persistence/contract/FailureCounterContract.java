package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.out.verification.FailureCounter;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FailureCounter} must do, run against each one: the in-memory counter of one node and the counter
 * shared through Redis. A client is an IPv4 address or an IPv6 /64: a guesser holding a /64 (what one subscriber is
 * given) cannot get a fresh count by moving to another of its 2^64 addresses. A shared counter learns a refusal in
 * the background, so the contract waits for the refusal it expects rather than for some time.
 */
public abstract class FailureCounterContract {

    /** The failures within the window from which a client is refused. */
    protected static final int LIMIT = 3;

    /** A counter that has counted nothing, refusing a client from its {@link #LIMIT}-th failure within minutes. */
    protected abstract FailureCounter emptyCounter() throws Exception;

    @Test
    void everyAddressOfOneIpv6Slash64IsOneClient() throws Exception {
        FailureCounter counter = emptyCounter();

        counter.count("2001:db8:1:2::1");
        counter.count("2001:DB8:1:2::2");
        counter.count("2001:db8:1:2:ffff:ffff:ffff:ffff");

        awaitRefused(counter, "2001:db8:1:2::abcd");
        assertThat(counter.exhausted("2001:0db8:0001:0002:0000:0000:0000:0001")).isPresent();
        assertThat(counter.exhausted("2001:db8:1:3::1")).as("the next /64").isEmpty();
        assertThat(counter.exhausted("2001:db8:1::1")).as("another /64 of the same /48").isEmpty();
    }

    @Test
    void ipv4AddressesAreCountedOneByOne() throws Exception {
        FailureCounter counter = emptyCounter();

        counter.count("203.0.113.2");
        for (int i = 0; i < LIMIT; i++) {
            counter.count("203.0.113.1");
        }

        awaitRefused(counter, "203.0.113.1");
        assertThat(counter.exhausted("203.0.113.2")).isEmpty();
        assertThat(counter.exhausted("203.0.113.0")).isEmpty();
    }

    @Test
    void anIpv4AddressWrittenIpv4MappedIsTheSameClient() throws Exception {
        FailureCounter counter = emptyCounter();

        counter.count("::ffff:203.0.113.9");
        counter.count("::FFFF:203.0.113.9");
        counter.count("203.0.113.9");

        awaitRefused(counter, "203.0.113.9");
        assertThat(counter.exhausted("::ffff:203.0.113.9")).isPresent();
    }

    private static void awaitRefused(FailureCounter counter, String client) throws InterruptedException {
        await(() -> counter.exhausted(client).isPresent(), client + " refused");
        assertThat(counter.exhausted(client).orElseThrow()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
