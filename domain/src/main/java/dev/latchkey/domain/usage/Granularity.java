package dev.latchkey.domain.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The size of a usage bucket; buckets start at whole minutes, hours or days (UTC). */
public enum Granularity {
    MINUTE(ChronoUnit.MINUTES),
    HOUR(ChronoUnit.HOURS),
    DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    Granularity(ChronoUnit unit) {
        this.unit = unit;
    }

    /** The start of the bucket {@code at} falls in. */
    public Instant bucketOf(Instant at) {
        return at.truncatedTo(unit);
    }

    /** How long one bucket is. */
    public Duration length() {
        return unit.getDuration();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
