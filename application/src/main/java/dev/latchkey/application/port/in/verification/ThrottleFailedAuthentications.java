package dev.latchkey.application.port.in.verification;

import java.time.Duration;
import java.util.Optional;

/**
 * Stops a client address from guessing keys (docs/api-guide.md §6 {@code too_many_failures}): its failed authentications are
 * counted, and past a threshold within a window every request of it that presents a key is refused until the window
 * passes. Called on every request that presents a key, so it never blocks on I/O.
 */
public interface ThrottleFailedAuthentications {

    /** How long {@code client} is still refused, if it failed too often; empty if it may present a key. */
    Optional<Duration> refusal(String client);

    /** {@code client} presented a key that did not authenticate it (malformed, invalid, expired, revoked, ...). */
    void failed(String client);
}
