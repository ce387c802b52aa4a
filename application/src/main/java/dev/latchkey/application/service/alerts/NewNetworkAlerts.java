package dev.latchkey.application.service.alerts;

import dev.latchkey.application.port.in.alerts.NoticeNewNetworks;
import dev.latchkey.application.port.out.alerts.KeyNetworks;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.service.audit.ChangeAudit;
import dev.latchkey.application.service.store.StoreTime;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.OriginNetwork;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides new-network alerts from keys' successful uses. The store decides who alerts ({@link KeyNetworks#sight}, in
 * the transaction that writes the alert's audit event and webhook event); this node's memory only spares the store the
 * sightings it knows the answer to: per key (at most {@code maxKeysInMemory}, least recently used forgotten first) the
 * networks it saw and the minute it last told the store of each (at most {@code maxNetworksPerKey}). A known network
 * costs the store one batched update of its last use a minute at most.
 *
 * <p>A key's very first network is remembered without an alert (every key is used from somewhere first: that is its
 * deployment, not news); each new network after it alerts, a key whose alerts are off ({@code "alerts":
 * {"newNetwork": false}}) is still remembered, so turning alerts back on does not announce the networks it uses. A key
 * used from more than {@code maxNetworksPerKey} networks within the memory says so once ({@code "alert":
 * "limit_reached"}) and is silent about further networks until some of its networks are forgotten.
 */
public final class NewNetworkAlerts implements NoticeNewNetworks {

    /** How long a network is remembered, how many a key may have, how many keys this node keeps in memory. */
    public record Settings(Duration networkMemory, int maxNetworksPerKey, int maxKeysInMemory, int purgeBatch) {

        public Settings {
            if (networkMemory.isNegative() || networkMemory.isZero()) {
                throw new IllegalArgumentException("latchkey.alerts.network-memory must be positive");
            }
            if (maxNetworksPerKey < 1) {
                throw new IllegalArgumentException("latchkey.alerts.max-networks-per-key must be at least 1");
            }
            if (maxKeysInMemory < 1 || purgeBatch < 1) {
                throw new IllegalArgumentException("the memory and the purge batch must hold at least one");
            }
        }
    }

    /** The {@code alert} of an ordinary alert and of the one that says a key reached its maximum. */
    static final String NEW_NETWORK = "new_network";
    static final String LIMIT_REACHED = "limit_reached";
    /** How long a key over its maximum is not asked about again. */
    private static final long OVER_LIMIT_MINUTES = 60;

    /**
     * One key's networks in this node's memory: pairs of {@link OriginNetwork#number()} and the epoch minute the store
     * was last told of its use, in one array; and until which minute new networks are not asked about (over the limit).
     */
    static final class Known {
        private long[] pairs = new long[2];
        private int size;
        private long overLimitUntil = Long.MIN_VALUE;

        int indexOf(long network) {
            for (int i = 0; i < size; i++) {
                if (pairs[2 * i] == network) {
                    return i;
                }
            }
            return -1;
        }

        long minute(int index) {
            return pairs[2 * index + 1];
        }

        void setMinute(int index, long minute) {
            pairs[2 * index + 1] = minute;
        }

        /** Remembers {@code network}; with {@code max} remembered, it replaces the one told of longest ago. */
        void put(long network, long minute, int max) {
            int index = indexOf(network);
            if (index < 0 && size < max) {
                if (2 * size == pairs.length) {
                    pairs = Arrays.copyOf(pairs, Math.min(2 * max, pairs.length * 2));
                }
                index = size++;
            } else if (index < 0) {
                index = 0;
                for (int i = 1; i < size; i++) {
                    if (minute(i) < minute(index)) {
                        index = i;
                    }
                }
            }
            pairs[2 * index] = network;
            pairs[2 * index + 1] = minute;
        }
    }

    private final KeyNetworks networks;
    private final ApiKeys keys;
    private final ChangeAudit audit;
    private final Settings settings;
    private final Clock clock;
    private final Memory memory;

    /** The keys' networks, least recently used first, at most {@code maxKeys} keys (nothing else is reachable). */
    static final class Memory extends LinkedHashMap<KeyId, Known> {
        private final int maxKeys;

        Memory(int maxKeys) {
            super(16, 0.75f, true);
            this.maxKeys = maxKeys;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<KeyId, Known> eldest) {
            return size() > maxKeys;
        }
    }

    public NewNetworkAlerts(KeyNetworks networks, ApiKeys keys, ChangeAudit audit, Settings settings, Clock clock) {
        this.networks = networks;
        this.keys = keys;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.memory = new Memory(settings.maxKeysInMemory());
    }

    @Override
    public synchronized Outcome notice(Collection<KeyUses> uses) {
        Instant now = StoreTime.now(clock);
        Instant forgetBefore = now.minus(settings.networkMemory());
        long forgetBeforeMinute = minute(forgetBefore);
        long nowMinute = minute(now);
        Map<KeyNetworks.KeyNetwork, Instant> lastUses = new HashMap<>();
        List<KeyUses> undecided = new ArrayList<>();
        int alerts = 0;
        // earliest first: of a key's first uses from two networks within one flush, the earlier one is its first
        List<KeyUses> inOrder = new ArrayList<>(uses);
        inOrder.sort(Comparator.comparing(KeyUses::firstAt));
        for (KeyUses use : inOrder) {
            Optional<OriginNetwork> seen = OriginNetwork.of(use.clientIp());
            if (seen.isEmpty()) {
                continue;
            }
            OriginNetwork network = seen.get();
            long number = network.number();
            long useMinute = minute(use.lastAt());
            Known known = memory.get(use.keyId());
            int index = known == null ? -1 : known.indexOf(number);
            if (index >= 0 && known.minute(index) >= forgetBeforeMinute) {
                if (useMinute > known.minute(index)) {
                    known.setMinute(index, useMinute);
                    lastUses.merge(new KeyNetworks.KeyNetwork(use.keyId(), network),
                            StoreTime.precisionOf(use.lastAt()), (a, b) -> a.isAfter(b) ? a : b);
                }
                continue;
            }
            if (index < 0 && known != null && known.overLimitUntil > nowMinute) {
                continue;
            }
            KeyNetworks.Sighting sighting;
            try {
                sighting = sight(use, network, forgetBefore);
            } catch (RuntimeException e) {
                undecided.add(use);
                continue;
            }
            switch (sighting) {
                case FIRST, NEW, KNOWN -> memory.computeIfAbsent(use.keyId(), id -> new Known())
                        .put(number, minute(use.firstAt()), settings.maxNetworksPerKey());
                case LIMIT_REACHED, OVER_LIMIT -> memory.computeIfAbsent(use.keyId(), id -> new Known())
                        .overLimitUntil = nowMinute + OVER_LIMIT_MINUTES;
                case NO_KEY -> { }
            }
            if (sighting == KeyNetworks.Sighting.NEW || sighting == KeyNetworks.Sighting.LIMIT_REACHED) {
                alerts++;
            }
            if (useMinute > minute(use.firstAt()) && sighting != KeyNetworks.Sighting.NO_KEY) {
                lastUses.merge(new KeyNetworks.KeyNetwork(use.keyId(), network), StoreTime.precisionOf(use.lastAt()),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        if (!lastUses.isEmpty()) {
            try {
                networks.seen(lastUses);
            } catch (RuntimeException e) {
                // a last use not written is written with the next one; at worst a network is forgotten a minute early
            }
        }
        return new Outcome(alerts, undecided);
    }

    /** The store's decision, with the alert it calls for, in one transaction. */
    private KeyNetworks.Sighting sight(KeyUses use, OriginNetwork network, Instant forgetBefore) {
        Instant at = StoreTime.precisionOf(use.firstAt());
        return audit.audited(() -> {
            KeyNetworks.Sighting sighting = networks.sight(use.keyId(), network, at, forgetBefore,
                    settings.maxNetworksPerKey());
            if (sighting == KeyNetworks.Sighting.NEW || sighting == KeyNetworks.Sighting.LIMIT_REACHED) {
                keys.findById(use.keyId()).filter(key -> key.alerts().newNetwork())
                        .ifPresent(key -> announce(key, use, network, at, sighting));
            }
            return sighting;
        });
    }

    private void announce(ApiKey key, KeyUses use, OriginNetwork network, Instant at, KeyNetworks.Sighting sighting) {
        boolean limit = sighting == KeyNetworks.Sighting.LIMIT_REACHED;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alert", limit ? LIMIT_REACHED : NEW_NETWORK);
        data.put("network", network.toString());
        data.put("clientIp", use.clientIp());
        data.put("firstSeen", at.toString());
        String detail = "first use from network " + network + " (client address " + use.clientIp()
                + ") not used within " + describe(settings.networkMemory());
        if (limit) {
            data.put("maxNetworks", settings.maxNetworksPerKey());
            detail = "used from more than " + settings.maxNetworksPerKey() + " networks within "
                    + describe(settings.networkMemory()) + " (the last new one " + network + ", client address "
                    + use.clientIp() + "): no more new-network alerts for this key until some are forgotten";
        }
        audit.auditLog().append(AuditEvent.change(at, AuditEventType.KEY_NEW_NETWORK, key.id(), key.owner(),
                new AuditEvent.Origin(null, use.clientIp(), null)).withOutcome(limit ? "LIMIT_REACHED" : null, detail));
        audit.announce(WebhookEventType.KEY_NEW_NETWORK, key.id(), key.owner(), at, data);
    }

    @Override
    public int purge() {
        return networks.purgeBefore(StoreTime.now(clock).minus(settings.networkMemory()), settings.purgeBatch());
    }

    /** How many keys this node keeps networks of. */
    public synchronized int keysInMemory() {
        return memory.size();
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}: the memory in its largest whole unit. */
    private static String describe(Duration memory) {
        if (memory.toSeconds() % 86_400 == 0) {
            return memory.toDays() + "d";
        }
        return memory.toSeconds() % 3_600 == 0 ? memory.toHours() + "h" : memory.toMinutes() + "m";
    }

    /** This node's memory itself, for the test that measures what it costs. */
    Memory memory() {
        return memory;
    }

    private static long minute(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }
}
