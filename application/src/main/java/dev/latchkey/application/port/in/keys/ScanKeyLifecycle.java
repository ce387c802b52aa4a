package dev.latchkey.application.port.in.keys;

/**
 * One pass of the lifecycle scheduler: announces {@code key.expiring} at each lead time, {@code key.expired} and
 * {@code key.usage_low}, each once per key. Run by one node at a time (a lease in the store).
 */
public interface ScanKeyLifecycle {

    /** How many events the pass announced. */
    int runOnce();
}
