package dev.latchkey.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.InvalidValueException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void takesTheContractsRanges() {
        assertThat(new RateLimit(1, 1).period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new RateLimit(1_000_000, 86_400).period()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void refusesValuesOutsideThem() {
        for (int[] wrong : new int[][] {{0, 60}, {1_000_001, 60}, {10, 0}, {10, 86_401}, {-1, -1}}) {
            assertThatThrownBy(() -> new RateLimit(wrong[0], wrong[1])).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("rateLimit");
        }
    }

    @Test
    void aShareOfTheLimitIsRoundedUpAndKeepsThePeriod() {
        assertThat(new RateLimit(100, 60).sharedAmong(3)).isEqualTo(new RateLimit(34, 60));
        assertThat(new RateLimit(100, 60).sharedAmong(1)).isEqualTo(new RateLimit(100, 60));
        assertThat(new RateLimit(2, 1).sharedAmong(5)).isEqualTo(new RateLimit(1, 1));
        assertThatThrownBy(() -> new RateLimit(2, 1).sharedAmong(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
