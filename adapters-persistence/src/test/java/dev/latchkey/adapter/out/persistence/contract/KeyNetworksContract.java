package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.out.alerts.KeyNetworks;
import dev.latchkey.application.port.out.alerts.KeyNetworks.Sighting;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyAlerts;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.OriginNetwork;
import dev.latchkey.domain.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every implementation of the {@link KeyNetworks} port must do. */
public abstract class KeyNetworksContract extends OnEmptyStores {

    protected static final Instant T0 = Fixtures.T0;
    protected static final Duration MEMORY = Duration.ofDays(30);
    protected static final OriginNetwork HOME = network("203.0.113.7");
    protected static final OriginNetwork OFFICE = network("198.51.100.7");
    private static final OriginNetwork CLOUD = network("2001:db8:1::7");

    protected ApiKey key;

    /** The implementation under test, over the same store as {@link #stores}. */
    protected abstract KeyNetworks keyNetworks();

    @BeforeEach
    void storeAKey() {
        User owner = storedOwner();
        key = fixtures.key(owner, T0);
        stores.apiKeys().add(key);
    }

    private static OriginNetwork network(String address) {
        return OriginNetwork.of(address).orElseThrow();
    }

    /** {@code work} in one transaction of the stores under test. */
    protected final <T> T inTransaction(Supplier<T> work) {
        return stores.transactions().inTransaction(work);
    }

    protected Sighting sight(OriginNetwork network, Instant at) {
        return sight(key.id(), network, at, 64);
    }

    private Sighting sight(KeyId id, OriginNetwork network, Instant at, int max) {
        return stores.transactions().inTransaction(() -> keyNetworks().sight(id, network, at, at.minus(MEMORY), max));
    }

    @Test
    void theFirstNetworkOfAKeyIsRememberedAndEachLaterNewOneIsNew() {
        assertThat(sight(HOME, T0)).isEqualTo(Sighting.FIRST);
        assertThat(sight(HOME, T0.plusSeconds(60))).isEqualTo(Sighting.KNOWN);
        assertThat(sight(OFFICE, T0.plusSeconds(120))).isEqualTo(Sighting.NEW);
        assertThat(sight(OFFICE, T0.plusSeconds(180))).isEqualTo(Sighting.KNOWN);
        assertThat(sight(CLOUD, T0.plusSeconds(240))).isEqualTo(Sighting.NEW);
    }

    @Test
    void aKeysNewNetworkAlertIsOnUnlessTurnedOffAndIsStoredAsChanged() {
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().alerts()).isEqualTo(KeyAlerts.DEFAULT);
        ApiKey quiet = fixtures.key(stores.users().findById(key.owner()).orElseThrow(), T0)
                .withAlerts(new KeyAlerts(false));
        stores.apiKeys().add(quiet);
        assertThat(stores.apiKeys().findById(quiet.id()).orElseThrow().alerts().newNetwork()).isFalse();

        ApiKey changed = stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withAlerts(new KeyAlerts(false)))
                .orElseThrow();
        assertThat(changed.alerts().newNetwork()).isFalse();
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().alerts().newNetwork()).isFalse();
        assertThat(stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withName("renamed")).orElseThrow()
                .alerts().newNetwork()).as("other changes leave it").isFalse();
    }

    @Test
    void aKeyNotStoredHasNoNetworks() {
        assertThat(sight(new KeyId("AAAAAAAAAAAA"), HOME, T0, 64)).isEqualTo(Sighting.NO_KEY);
    }

    @Test
    void aNetworkNotUsedWithinTheMemoryIsNewAgainAndItsLastUseKeepsItKnown() {
        sight(HOME, T0);
        sight(OFFICE, T0.plusSeconds(60));
        Instant later = T0.plus(MEMORY).plusSeconds(120);
        keyNetworks().seen(Map.of(new KeyNetworks.KeyNetwork(key.id(), HOME), later.minusSeconds(60)));

        assertThat(sight(HOME, later)).as("used a minute ago").isEqualTo(Sighting.KNOWN);
        assertThat(sight(OFFICE, later)).as("last used more than the memory ago").isEqualTo(Sighting.NEW);
        assertThat(sight(OFFICE, later.plusSeconds(60))).isEqualTo(Sighting.KNOWN);
    }

    @Test
    void aLastUseNeverMovesBack() {
        sight(HOME, T0);
        sight(OFFICE, T0.plus(Duration.ofDays(10)));
        keyNetworks().seen(Map.of(new KeyNetworks.KeyNetwork(key.id(), OFFICE), T0));
        Instant later = T0.plus(MEMORY).plus(Duration.ofDays(5));

        assertThat(sight(OFFICE, later)).as("last used 25 days before, not 35").isEqualTo(Sighting.KNOWN);
    }

    @Test
    void pastTheMaximumANewNetworkIsNotRememberedAndTheLimitIsToldOnce() {
        sight(key.id(), HOME, T0, 2);
        sight(key.id(), OFFICE, T0.plusSeconds(1), 2);

        assertThat(sight(key.id(), CLOUD, T0.plusSeconds(2), 2)).isEqualTo(Sighting.LIMIT_REACHED);
        assertThat(sight(key.id(), network("192.0.2.1"), T0.plusSeconds(3), 2)).isEqualTo(Sighting.OVER_LIMIT);
        assertThat(sight(key.id(), CLOUD, T0.plusSeconds(4), 2)).as("not remembered").isEqualTo(Sighting.OVER_LIMIT);
        assertThat(sight(key.id(), HOME, T0.plusSeconds(5), 2)).isEqualTo(Sighting.KNOWN);
    }

    @Test
    void thePurgeForgetsNetworksButNotThatTheKeyWasUsed() {
        sight(HOME, T0);
        sight(OFFICE, T0.plusSeconds(60));
        Instant later = T0.plus(MEMORY).plus(Duration.ofDays(1));

        assertThat(keyNetworks().purgeBefore(later.minus(MEMORY), 1)).isEqualTo(1);
        assertThat(keyNetworks().purgeBefore(later.minus(MEMORY), 10)).isEqualTo(1);
        assertThat(keyNetworks().purgeBefore(later.minus(MEMORY), 10)).isZero();

        assertThat(sight(HOME, later)).as("the key's first network was told already: a return is news")
                .isEqualTo(Sighting.NEW);
    }

    @Test
    void aPurgeKeepsNetworksUsedWithinTheMemory() {
        sight(HOME, T0);
        sight(OFFICE, T0.plus(Duration.ofDays(20)));

        assertThat(keyNetworks().purgeBefore(T0.plus(Duration.ofDays(10)), 10)).isEqualTo(1);
        assertThat(sight(OFFICE, T0.plus(Duration.ofDays(21)))).isEqualTo(Sighting.KNOWN);
    }

    @Test
    void ofConcurrentSightingsOfOneNewNetworkExactlyOneIsNew() throws Exception {
        sight(HOME, T0);
        int contenders = 8;
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Sighting>> sightings = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                Instant at = T0.plusSeconds(60 + i);
                Callable<Sighting> contender = () -> {
                    start.await();
                    return sight(OFFICE, at);
                };
                sightings.add(threads.submit(contender));
            }
            start.countDown();
            List<Sighting> outcomes = new ArrayList<>();
            for (Future<Sighting> sighting : sightings) {
                outcomes.add(sighting.get(2, TimeUnit.MINUTES));
            }
            assertThat(outcomes).filteredOn(outcome -> outcome == Sighting.NEW).hasSize(1);
            assertThat(outcomes).filteredOn(outcome -> outcome == Sighting.KNOWN).hasSize(contenders - 1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void ofConcurrentFirstSightingsOfANewKeyExactlyOneIsFirst() throws Exception {
        OriginNetwork[] networks = {HOME, OFFICE, CLOUD, network("192.0.2.9")};
        ExecutorService threads = Executors.newFixedThreadPool(networks.length);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Sighting>> sightings = new ArrayList<>();
            for (OriginNetwork network : networks) {
                sightings.add(threads.submit(() -> {
                    start.await();
                    return sight(network, T0);
                }));
            }
            start.countDown();
            List<Sighting> outcomes = new ArrayList<>();
            for (Future<Sighting> sighting : sightings) {
                outcomes.add(sighting.get(2, TimeUnit.MINUTES));
            }
            assertThat(outcomes).containsOnlyOnce(Sighting.FIRST);
            assertThat(outcomes).filteredOn(outcome -> outcome == Sighting.NEW).hasSize(networks.length - 1);
        } finally {
            threads.shutdownNow();
        }
    }
}
