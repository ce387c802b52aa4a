package dev.latchkey.application.port.out.verification;

import java.time.Duration;
import java.util.Optional;

/**
 * Counts failed authentications per client within a window, a client being an IPv4 address or an IPv6 /64
 * ({@code ClientNetwork}: every address of one /64 counts for the same client): in memory on each node, or shared by all nodes
 * (Redis). Called on the request path, often on an event loop: never blocks on I/O (a shared counter counts in the
 * background and answers {@link #exhausted} from what this node has learnt). What a node holds is bounded whatever
 * the number of clients: a flood of addresses may make it forget counts, never charge one client with another's
 * failures.
 */
public interface FailureCounter {

    /** Counts one failure of {@code client}. */
    void count(String client);

    /** If {@code client} has reached the limit within its window: the time until the window passes. */
    Optional<Duration> exhausted(String client);
}
