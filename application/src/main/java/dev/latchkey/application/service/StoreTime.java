package dev.latchkey.application.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The current time at the precision every store keeps (microseconds), so what is read back equals what was written. */
final class StoreTime {

    private StoreTime() {
    }

    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
