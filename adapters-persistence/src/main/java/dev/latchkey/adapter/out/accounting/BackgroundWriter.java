package dev.latchkey.adapter.out.accounting;

import dev.latchkey.adapter.out.persistence.ConnectionLane;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread on which a write-behind buffer writes to its store, on the background connection lane: the buffer's
 * periodic flushes and purges run there one at a time, and {@link #stop} lets the one under way finish.
 */
final class BackgroundWriter {

    private final ScheduledExecutorService thread;

    BackgroundWriter(String threadName) {
        this.thread = Executors.newSingleThreadScheduledExecutor(ConnectionLane.BACKGROUND.threads(threadName));
    }

    /** Runs {@code task} every {@code delay} after the last run ended, the first time {@code delay} from now. */
    void repeat(Runnable task, Duration delay) {
        thread.scheduleWithFixedDelay(task, delay.toNanos(), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code period}, the first time {@code first} from now. */
    void atFixedRate(Runnable task, Duration first, Duration period) {
        thread.scheduleAtFixedRate(task, first.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts no more runs and waits up to {@code wait} for the one under way; an interrupt is kept for the caller. */
    void stop(Duration wait) {
        thread.shutdown();
        try {
            thread.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
