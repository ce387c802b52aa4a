package dev.latchkey.application.service.store;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The current time at the precision every store keeps (microseconds), so what is read back equals what was written. */
public final class StoreTime {

    private StoreTime() {
    }

    public static Instant now(Clock clock) {
        return precisionOf(clock.instant());
    }

    /** {@code instant} as the stores will give it back. */
    public static Instant precisionOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
