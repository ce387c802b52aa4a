package dev.latchkey.application.port.out.alerts;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.OriginNetwork;
import java.time.Instant;
import java.util.Map;

/**
 * The client networks each key was used from, with when it was first and last used from each: what new-network alerts
 * remember in the store. The store decides who alerts: {@link #sight} serialises the sightings of one key across nodes,
 * so that exactly one node is told a network is {@link Sighting#NEW}.
 */
public interface KeyNetworks {

    /** What a sighting of a key on a network was. */
    enum Sighting {
        /** The key's first network ever: remembered, without an alert. */
        FIRST,
        /** A network the key was not used from within the memory: remembered; the caller alerts. */
        NEW,
        /** A network the key was used from within the memory: its last use moved forward. */
        KNOWN,
        /** A new network past the key's maximum: not remembered; the caller says so, once. */
        LIMIT_REACHED,
        /** A new network past the key's maximum, said already: not remembered. */
        OVER_LIMIT,
        /** No such key. */
        NO_KEY
    }

    /** A key's network. */
    record KeyNetwork(KeyId keyId, OriginNetwork network) {
    }

    /**
     * Records that {@code key} was used from {@code network} at {@code at}, in the caller's transaction, and says what
     * that was: a network last used before {@code forgetBefore} is new again; with {@code maxNetworks} networks used
     * since, a new one is over the limit. Sightings of one key wait for each other (on every node).
     */
    Sighting sight(KeyId key, OriginNetwork network, Instant at, Instant forgetBefore, int maxNetworks);

    /** Moves each key network's last use forward to its time (never back); a network not remembered stays so. */
    void seen(Map<KeyNetwork, Instant> lastUses);

    /** Forgets up to {@code batch} networks (and limit marks) last used before {@code before}; returns how many. */
    int purgeBefore(Instant before, int batch);
}
