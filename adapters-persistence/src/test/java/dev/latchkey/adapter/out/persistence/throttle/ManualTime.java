package dev.latchkey.adapter.out.persistence.throttle;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The time a test moves, as both Bucket4j and Caffeine read it. */
final class ManualTime implements TimeMeter, Ticker {

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
}
