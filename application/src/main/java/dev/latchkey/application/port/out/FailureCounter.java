package dev.latchkey.application.port.out;

import java.time.Duration;
import java.util.Optional;

/**
 * Counts failed authentications per client address within a window. In memory on each node for now; a shared
 * implementation (Redis) can replace it. Called on the request path: never blocks on I/O.
 */
public interface FailureCounter {

    /** Counts one failure of {@code client}. */
    void count(String client);

    /** If {@code client} has reached the limit within its window: the time until the window passes. */
    Optional<Duration> exhausted(String client);
}
