package dev.latchkey.adapter.out.persistence.contract;

import dev.latchkey.application.port.out.store.Transactions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A write that races a change under way, as a PATCH races a deletion, a rotation or uses of the key: the change runs
 * in a transaction on one thread and holds what it wrote (the row lock, in a database) until the contender has
 * started on another thread; then it commits. Whether the contender's statement reaches the row before the commit
 * (and waits for it) or after, the outcome must be the same.
 */
final class Racing {

    private static final long MINUTES = 2;

    private Racing() {
    }

    /** Runs {@code change} and {@code contender} so; returns what the contender returned. */
    static <T> T whileUncommitted(Transactions transactions, Runnable change, Callable<T> contender) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch contending = new CountDownLatch(1);
        try {
            Future<?> changing = threads.submit(() -> transactions.inTransaction(() -> {
                change.run();
                written.countDown();
                await(contending);
            }));
            Future<T> contended = threads.submit(() -> {
                await(written);
                contending.countDown();
                return contender.call();
            });
            changing.get(MINUTES, TimeUnit.MINUTES);
            return contended.get(MINUTES, TimeUnit.MINUTES);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the other side of the race never came");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
