package dev.latchkey.adapter.out.persistence.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Several nodes writing to one store at once, as a thread each: what a cluster's background writers do. */
final class SeveralNodes {

    /** What one node does, given its number (from 0). */
    interface Work {
        void run(int node) throws Exception;
    }

    private SeveralNodes() {
    }

    /** Runs {@code work} on {@code nodes} threads at once and fails with the first failure (a deadlock, say). */
    static void atOnce(int nodes, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int node = 0; node < nodes; node++) {
                int number = node;
                running.add(pool.submit(() -> {
                    work.run(number);
                    return null;
                }));
            }
            for (Future<?> one : running) {
                one.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
