package dev.latchkey.adapter.out.limits;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** The time a test moves, as Bucket4j, Caffeine and a plain nanosecond clock read it. */
final class ManualTime implements TimeMeter, Ticker, LongSupplier {

    private final AtomicLong nanos = new AtomicLong();

    void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Override
    public long currentTimeNanos() {
        return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }

    @Override
    public long read() {
        return nanos.get();
    }

    @Override
    public long getAsLong() {
        return nanos.get();
    }
}
