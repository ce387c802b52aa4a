package dev.latchkey.adapter.out.persistence.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryFailureCounterTest {

    private final ManualTime time = new ManualTime();
    private final InMemoryFailureCounter counter = new InMemoryFailureCounter(50, Duration.ofMinutes(5), 1000, time,
            time);

    @Test
    void refusesAnAddressFromItsFiftiethFailureUntilTheWindowPasses() {
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
    }

    @Test
    void anAddressThatNeverFailedIsNotRefused() {
        assertThat(counter.exhausted("192.0.2.1")).isEmpty();
    }

    private void advance(Duration by) {
        time.advance(by);
    }
}
