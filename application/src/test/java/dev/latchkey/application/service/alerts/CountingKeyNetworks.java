package dev.latchkey.application.service.alerts;

import dev.latchkey.application.port.out.alerts.KeyNetworks;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.OriginNetwork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keys' networks as a set, counting what it is asked (no memory, no limit); fails while {@link #down}. */
final class CountingKeyNetworks implements KeyNetworks {

    final Map<KeyId, Set<OriginNetwork>> networks = new HashMap<>();
    final List<KeyNetwork> sightings = new ArrayList<>();
    final List<Map<KeyNetwork, Instant>> lastUses = new ArrayList<>();
    boolean down;
    int maxNetworks = Integer.MAX_VALUE;

    @Override
    public Sighting sight(KeyId key, OriginNetwork network, Instant at, Instant forgetBefore, int max) {
        if (down) {
            throw new IllegalStateException("down");
        }
        sightings.add(new KeyNetwork(key, network));
        Set<OriginNetwork> known = networks.get(key);
        if (known == null) {
            networks.computeIfAbsent(key, id -> new HashSet<>()).add(network);
            return Sighting.FIRST;
        }
        if (known.contains(network)) {
            return Sighting.KNOWN;
        }
        if (known.size() >= Math.min(max, maxNetworks)) {
            return Sighting.LIMIT_REACHED;
        }
        known.add(network);
        return Sighting.NEW;
    }

    @Override
    public void seen(Map<KeyNetwork, Instant> uses) {
        lastUses.add(Map.copyOf(uses));
    }

    @Override
    public int purgeBefore(Instant before, int batch) {
        return 0;
    }
}
