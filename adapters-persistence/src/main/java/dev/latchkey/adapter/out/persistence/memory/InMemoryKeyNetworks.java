package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.application.port.out.alerts.KeyNetworks;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.OriginNetwork;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Keys' networks in memory, over the in-memory keys: one lock decides every sighting (one node: nothing to race with
 * but threads). The marks of the JDBC store are kept as fields: whether a key was ever used, and when it last reached
 * its maximum.
 */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryKeyNetworks implements KeyNetworks {

    private record Seen(Instant first, Instant last) {
    }

    /** One key's networks by their text, and when it last reached its maximum ({@code null}: not within memory). */
    private static final class Networks {
        final Map<String, Seen> byNetwork = new HashMap<>();
        Instant limitReached;
    }

    private final InMemoryApiKeys keys;
    private final Map<KeyId, Networks> byKey = new HashMap<>();

    InMemoryKeyNetworks(InMemoryApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public synchronized Sighting sight(KeyId key, OriginNetwork network, Instant at, Instant forgetBefore,
                                       int maxNetworks) {
        if (keys.findById(key).isEmpty()) {
            return Sighting.NO_KEY;
        }
        Networks networks = byKey.get(key);
        String text = network.toString();
        if (networks == null) {
            networks = new Networks();
            networks.byNetwork.put(text, new Seen(at, at));
            byKey.put(key, networks);
            return Sighting.FIRST;
        }
        Seen seen = networks.byNetwork.get(text);
        if (seen != null && !seen.last().isBefore(forgetBefore)) {
            networks.byNetwork.put(text, new Seen(seen.first(), later(seen.last(), at)));
            return Sighting.KNOWN;
        }
        long live = networks.byNetwork.values().stream().filter(other -> !other.last().isBefore(forgetBefore)).count();
        if (live >= maxNetworks) {
            boolean said = networks.limitReached != null && !networks.limitReached.isBefore(forgetBefore);
            networks.limitReached = said ? later(networks.limitReached, at) : at;
            return said ? Sighting.OVER_LIMIT : Sighting.LIMIT_REACHED;
        }
        networks.byNetwork.put(text, new Seen(at, at));
        return Sighting.NEW;
    }

    @Override
    public synchronized void seen(Map<KeyNetwork, Instant> lastUses) {
        lastUses.forEach((keyNetwork, at) -> {
            Networks networks = byKey.get(keyNetwork.keyId());
            if (networks != null) {
                networks.byNetwork.computeIfPresent(keyNetwork.network().toString(),
                        (text, seen) -> new Seen(seen.first(), later(seen.last(), at)));
            }
        });
    }

    @Override
    public synchronized int purgeBefore(Instant before, int batch) {
        int purged = 0;
        for (Networks networks : byKey.values()) {
            Iterator<Seen> seen = networks.byNetwork.values().iterator();
            while (seen.hasNext() && purged < batch) {
                if (seen.next().last().isBefore(before)) {
                    seen.remove();
                    purged++;
                }
            }
            if (networks.limitReached != null && networks.limitReached.isBefore(before) && purged < batch) {
                networks.limitReached = null;
                purged++;
            }
        }
        return purged;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
