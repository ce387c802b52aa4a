package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.application.port.out.store.Leases;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Leases in memory: one process, so only its own holders compete. */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryLeases implements Leases {

    private record Lease(String holder, Instant expiresAt) {
    }

    private final Map<String, Lease> leases = new HashMap<>();

    @Override
    public synchronized boolean hold(String name, String holder, Instant now, Duration ttl) {
        Lease current = leases.get(name);
        if (current != null && !current.holder().equals(holder) && !current.expiresAt().isBefore(now)) {
            return false;
        }
        leases.put(name, new Lease(holder, now.plus(ttl)));
        return true;
    }
}
