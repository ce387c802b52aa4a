package dev.latchkey.adapter.out.persistence;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.ThreadFactory;

/**
 * Which pool of database connections a thread takes its connections from, so that work of one kind never waits for
 * a connection behind work of another, and each gets the time budget it needs: requests (and anything not marked)
 * take the request pool; the change feed and the write-behind writers have small pools of their own, with longer
 * statement and read timeouts (a busy database slows them down, and does not fail them). The JDBC store routes each
 * connection it opens by the lane of the thread that opens it; the memory store ignores lanes.
 */
public enum ConnectionLane {

    /** Requests, and any thread not marked: the request pool, with the store timeout. */
    REQUESTS,
    /** The change-feed follower (its reads, the filter of known ids, the preload): its own pool and timeout. */
    FEED,
    /** The write-behind writers (audit, usage, last use) and the webhook worker: their own pool and timeouts. */
    BACKGROUND;

    private static final ThreadLocal<ConnectionLane> CURRENT = new ThreadLocal<>();

    /** The lane of the calling thread. */
    public static ConnectionLane current() {
        ConnectionLane lane = CURRENT.get();
        return lane == null ? REQUESTS : lane;
    }

    /** Daemon threads named after {@code nameFormat} (as Guava's, {@code %d} numbers them) that work in this lane. */
    public ThreadFactory threads(String nameFormat) {
        ConnectionLane lane = this;
        return new ThreadFactoryBuilder().setNameFormat(nameFormat).setDaemon(true)
                .setThreadFactory(work -> new Thread(() -> {
                    CURRENT.set(lane);
                    work.run();
                })).build();
    }
}
