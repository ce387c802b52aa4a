package dev.latchkey.adapter.out.accounting;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that background work logs at most once per interval, however often the failure repeats: an outage of
 * the store is reported, not one line per flush.
 */
public final class OccasionalWarning {

    private static final long NEVER = Long.MIN_VALUE;

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong last = new AtomicLong(NEVER);

    public OccasionalWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code format} with {@code arguments} at WARN, unless it was logged less than an interval ago. */
    public void warn(String format, Object... arguments) {
        long now = System.nanoTime();
        long previous = last.get();
        if ((previous == NEVER || now - previous >= intervalNanos) && last.compareAndSet(previous, now)) {
            log.warn(format, arguments);
        }
    }
}
