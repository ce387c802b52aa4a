package dev.latchkey.application.port.out.store;

import java.time.Duration;
import java.time.Instant;

/** Named leases in the shared store: what only one node at a time may do (the webhook worker, the schedulers). */
public interface Leases {

    /**
     * Takes or renews the lease {@code name} for {@code holder} until {@code now + ttl}: true when {@code holder}
     * holds it now (it was free, expired, or already this holder's), false when another holder's is still running.
     */
    boolean hold(String name, String holder, Instant now, Duration ttl);
}
