package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyLineage;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.VerifiableKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every implementation of the {@link ApiKeys} port must do. */
public abstract class ApiKeysContract extends OnEmptyStores {

    private User owner;

    @BeforeEach
    void storeAnOwner() {
        owner = storedOwner();
    }

    @Test
    void storesAndFindsAKeyWithEveryField() {
        ApiKey key = fixtures.key(owner, fixtures.token("acme_live"), Fixtures.T0);

        stores.apiKeys().add(key);

        ApiKey found = stores.apiKeys().findById(key.id()).orElseThrow();
        assertThat(found).isEqualTo(key);
        assertThat(found.secretHash()).isEqualTo(key.secretHash());
        assertThat(found.prefix().value()).isEqualTo("acme_live");
        assertThat(found.scopes().names()).containsExactly("keys:read", "process");
    }

    @Test
    void keyIdsAreCaseSensitive() {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        String swapped = swapCase(key.id().value());

        assertThat(stores.apiKeys().findById(new KeyId(swapped))).isEmpty();
    }

    @Test
    void findsSeveralKeysInOneReadAndLeavesOutIdsNotStored() {
        ApiKey first = fixtures.key(owner, Fixtures.T0);
        ApiKey second = fixtures.key(owner, Fixtures.T0);
        ApiKey notAsked = fixtures.key(owner, Fixtures.T0);
        for (ApiKey key : List.of(first, second, notAsked)) {
            stores.apiKeys().add(key);
        }
        KeyId unknown = fixtures.key(owner, Fixtures.T0).id();
        KeyId swapped = new KeyId(swapCase(first.id().value()));

        Map<KeyId, ApiKey> found = stores.apiKeys()
                .findByIds(List.of(first.id(), second.id(), unknown, swapped, first.id()));

        assertThat(found).containsOnlyKeys(first.id(), second.id());
        assertThat(found.get(first.id())).isEqualTo(first);
        assertThat(found.get(second.id()).secretHash()).isEqualTo(second.secretHash());
        assertThat(stores.apiKeys().findByIds(List.of())).isEmpty();
        assertThat(stores.apiKeys().findByIds(List.of(unknown))).isEmpty();
    }

    @Test
    void refusesAKeyWhoseOwnerDoesNotExist() {
        User stranger = fixtures.user("stranger");

        assertThatThrownBy(() -> stores.apiKeys().add(fixtures.key(stranger, Fixtures.T0)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void revokingIsIdempotentAndKeepsTheFirstTime() {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        Instant first = Fixtures.T0.plusSeconds(10);

        ApiKeys.Revocation revoked = stores.apiKeys().revoke(key.id(), first).orElseThrow();
        ApiKeys.Revocation again = stores.apiKeys().revoke(key.id(), first.plusSeconds(10)).orElseThrow();

        assertThat(revoked.key().revokedAt()).isEqualTo(first);
        assertThat(revoked.changed()).as("this call revoked it").isTrue();
        assertThat(again.key().revokedAt()).isEqualTo(first);
        assertThat(again.changed()).as("revoked already").isFalse();
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().revokedAt()).isEqualTo(first);
        assertThat(stores.apiKeys().revoke(fixtures.key(owner, Fixtures.T0).id(), first)).isEmpty();
    }

    @Test
    void recordsTheLatestUseOnly() {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);

        stores.apiKeys().recordUses(Map.of(key.id(), Fixtures.T0.plusSeconds(120)));
        stores.apiKeys().recordUses(Map.of(key.id(), Fixtures.T0.plusSeconds(60)));

        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().lastUsedAt())
                .isEqualTo(Fixtures.T0.plusSeconds(120));
    }

    @Test
    void recordsTheUsesOfManyKeysAtOnceAndIgnoresUnknownOnes() {
        Map<KeyId, Instant> uses = new HashMap<>();
        for (int i = 0; i < 2_500; i++) { // more than one statement's worth of one time in the JDBC adapter
            ApiKey key = fixtures.key(owner, Fixtures.T0);
            stores.apiKeys().add(key);
            uses.put(key.id(), Fixtures.T0.plusSeconds(i % 2));
        }
        uses.put(new KeyId("AAAAAAAAAAAA"), Fixtures.T0);

        stores.apiKeys().recordUses(uses);

        uses.forEach((id, at) -> assertThat(stores.apiKeys().findById(id).map(ApiKey::lastUsedAt))
                .isEqualTo(id.value().equals("AAAAAAAAAAAA") ? Optional.empty() : Optional.of(at)));
    }

    @Test
    void lastUsesFlushedBySeveralNodesAtOnceAllLandAndTheLatestWins() throws Exception {
        List<KeyId> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ApiKey key = fixtures.key(owner, Fixtures.T0);
            stores.apiKeys().add(key);
            ids.add(key.id());
        }
        SeveralNodes.atOnce(3, node -> {
            java.util.Random random = new java.util.Random(node);
            for (int flush = 0; flush < 10; flush++) {
                // each node saw the keys in its own order, at its own times (a few seconds apart)
                List<KeyId> order = new ArrayList<>(ids);
                java.util.Collections.shuffle(order, random);
                Map<KeyId, Instant> uses = new java.util.LinkedHashMap<>();
                order.forEach(id -> uses.put(id, Fixtures.T0.plusSeconds(1 + random.nextInt(5))));
                stores.apiKeys().recordUses(uses);
            }
        });
        stores.apiKeys().recordUses(Map.of(ids.get(0), Fixtures.T0.plusSeconds(60)));

        assertThat(stores.apiKeys().findById(ids.get(0)).orElseThrow().lastUsedAt())
                .isEqualTo(Fixtures.T0.plusSeconds(60));
        assertThat(ids).allSatisfy(id -> assertThat(stores.apiKeys().findById(id).orElseThrow().lastUsedAt())
                .isBetween(Fixtures.T0.plusSeconds(1), Fixtures.T0.plusSeconds(60)));
    }

    @Test
    void listsAnOwnersKeysOldestFirstAPageAtATime() {
        User other = fixtures.user("other");
        stores.users().add(other);
        stores.apiKeys().add(fixtures.key(other, Fixtures.T0));
        ApiKey a = fixtures.key(owner, Fixtures.T0.plusSeconds(1));
        ApiKey b = fixtures.key(owner, Fixtures.T0.plusSeconds(2));
        ApiKey c = fixtures.key(owner, Fixtures.T0.plusSeconds(2)); // same time: ordered by id
        ApiKey d = fixtures.key(owner, Fixtures.T0.plusSeconds(3));
        List.of(d, c, b, a).forEach(stores.apiKeys()::add);
        List<ApiKey> sameTime = b.id().value().compareTo(c.id().value()) < 0 ? List.of(b, c) : List.of(c, b);

        List<ApiKey> first = stores.apiKeys().listByOwner(owner.id(), Optional.empty(), 2, true);
        List<ApiKey> second = stores.apiKeys().listByOwner(owner.id(), Optional.of(position(first.get(1))), 2, true);
        List<ApiKey> third = stores.apiKeys().listByOwner(owner.id(), Optional.of(position(second.get(1))), 2, true);

        assertThat(first).containsExactly(a, sameTime.get(0));
        assertThat(second).containsExactly(sameTime.get(1), d);
        assertThat(third).isEmpty();
    }

    @Test
    void leavesRevokedKeysOutUnlessAsked() {
        ApiKey kept = fixtures.key(owner, Fixtures.T0);
        ApiKey revoked = fixtures.key(owner, Fixtures.T0.plusSeconds(1));
        stores.apiKeys().add(kept);
        stores.apiKeys().add(revoked);
        stores.apiKeys().revoke(revoked.id(), Fixtures.T0.plusSeconds(5));

        assertThat(stores.apiKeys().listByOwner(owner.id(), Optional.empty(), 10, false)).extracting(ApiKey::id)
                .containsExactly(kept.id());
        assertThat(stores.apiKeys().listByOwner(owner.id(), Optional.empty(), 10, true)).extracting(ApiKey::id)
                .containsExactly(kept.id(), revoked.id());
    }

    @Test
    void updatesDetailsWithoutTouchingRevocationOrUse() {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        stores.apiKeys().recordUses(Map.of(key.id(), Fixtures.T0.plusSeconds(5)));
        DetailChanges changes = DetailChanges.NONE.withName("deploy")
                .withScopes(Scopes.parse(List.of("deploy:run"))).withExpiresAt(null)
                .withMeta(new KeyMetadata("{\"team\":\"zoë 😀\"}"));

        ApiKey returned = stores.apiKeys().updateDetails(key.id(), changes).orElseThrow();

        ApiKey stored = stores.apiKeys().findById(key.id()).orElseThrow();
        assertThat(returned).isEqualTo(stored);
        assertThat(stored.name()).isEqualTo("deploy");
        assertThat(stored.scopes().names()).containsExactly("deploy:run");
        assertThat(stored.expiresAt()).isNull();
        assertThat(stored.meta()).isEqualTo(new KeyMetadata("{\"team\":\"zoë 😀\"}"));
        assertThat(stored.lastUsedAt()).isEqualTo(Fixtures.T0.plusSeconds(5));
    }

    @Test
    void writesOnlyTheDetailsSentOntoTheKeyAsStored() {
        ApiKey key = fixtures.key(owner, Fixtures.T0).withRateLimit(new RateLimit(100, 60)).withRemaining(10L)
                .withMeta(new KeyMetadata("{\"team\":\"billing\"}"));
        stores.apiKeys().add(key);
        stores.apiKeys().findById(key.id()).orElseThrow(); // what a PATCH read: 10 uses left
        stores.quotas().takeUse(key.id());
        stores.quotas().takeUse(key.id());
        stores.quotas().takeUse(key.id());

        ApiKey renamed = stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withName("deploy"))
                .orElseThrow();

        assertThat(renamed.name()).isEqualTo("deploy");
        assertThat(renamed.remaining()).as("uses taken since the read stay taken").isEqualTo(7L);
        assertThat(renamed.rateLimit()).isEqualTo(new RateLimit(100, 60));
        assertThat(renamed.meta()).isEqualTo(key.meta());
        assertThat(renamed.expiresAt()).isEqualTo(key.expiresAt());
        assertThat(renamed.scopes()).isEqualTo(key.scopes());
        assertThat(stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withRemaining(50L)).orElseThrow()
                .remaining()).as("sent: written").isEqualTo(50L);
        assertThat(stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withRateLimit(null)
                .withRemaining(null)).orElseThrow()).extracting(ApiKey::rateLimit, ApiKey::remaining)
                .containsExactly(null, null);
        assertThat(stores.apiKeys().updateDetails(fixtures.key(owner, Fixtures.T0).id(),
                DetailChanges.NONE.withName("nobody"))).isEmpty();
    }

    @Test
    void aChangeLeavesARevocationAsItIs() {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        stores.apiKeys().revoke(key.id(), Fixtures.T0.plusSeconds(1));

        ApiKey changed = stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withName("deploy")
                .withExpiresAt(null)).orElseThrow();

        assertThat(changed.revokedAt()).isEqualTo(Fixtures.T0.plusSeconds(1));
        assertThat(changed.expiresAt()).isNull();
    }

    @Test
    void aRotatedKeysExpiryOnlyComesForward() {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        ApiKey.Rotation rotation = key.rotate(fixtures.token("lk"), Fixtures.HASHER, Fixtures.T0.plusSeconds(1),
                Duration.ofMinutes(5));
        stores.apiKeys().rotate(rotation);
        Instant graceEnd = Fixtures.T0.plusSeconds(301);

        ApiKey never = stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withExpiresAt(null))
                .orElseThrow();
        ApiKey later = stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE
                .withExpiresAt(Fixtures.T0.plusSeconds(3600))).orElseThrow();
        ApiKey sooner = stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE
                .withExpiresAt(Fixtures.T0.plusSeconds(60))).orElseThrow();

        assertThat(never.expiresAt()).isEqualTo(graceEnd);
        assertThat(later.expiresAt()).isEqualTo(graceEnd);
        assertThat(sooner.expiresAt()).isEqualTo(Fixtures.T0.plusSeconds(60));
        assertThat(sooner.rotatedTo()).isEqualTo(rotation.replacement().id());
    }

    /** A PATCH (never to expire, renamed) racing a rotation it did not see: the rotation's grace expiry stays. */
    @Test
    void aChangeRacingARotationDoesNotUndoIt() throws Exception {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        ApiKey read = stores.apiKeys().findById(key.id()).orElseThrow(); // what the PATCH read: not rotated
        ApiKey.Rotation rotation = read.rotate(fixtures.token("lk"), Fixtures.HASHER, Fixtures.T0.plusSeconds(1),
                Duration.ofMinutes(5));

        Optional<ApiKey> changed = Racing.whileUncommitted(stores.transactions(),
                () -> stores.apiKeys().rotate(rotation),
                () -> stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withName("deploy")
                        .withExpiresAt(null)));

        ApiKey stored = stores.apiKeys().findById(key.id()).orElseThrow();
        assertThat(changed).contains(stored);
        assertThat(stored.name()).isEqualTo("deploy");
        assertThat(stored.rotatedTo()).isEqualTo(rotation.replacement().id());
        assertThat(stored.expiresAt()).isEqualTo(Fixtures.T0.plusSeconds(301));
    }

    /** A PATCH racing a revocation: the key stays revoked. */
    @Test
    void aChangeRacingARevocationDoesNotUndoIt() throws Exception {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        stores.apiKeys().findById(key.id()).orElseThrow(); // what the PATCH read: not revoked

        Racing.whileUncommitted(stores.transactions(),
                () -> stores.apiKeys().revoke(key.id(), Fixtures.T0.plusSeconds(1)),
                () -> stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withName("deploy")));

        ApiKey stored = stores.apiKeys().findById(key.id()).orElseThrow();
        assertThat(stored.name()).isEqualTo("deploy");
        assertThat(stored.revokedAt()).isEqualTo(Fixtures.T0.plusSeconds(1));
    }

    /** A PATCH of the name racing uses of the key's quota: the uses stay taken. */
    @Test
    void aChangeRacingUsesDoesNotPutThemBack() throws Exception {
        ApiKey key = fixtures.key(owner, Fixtures.T0).withRemaining(10L);
        stores.apiKeys().add(key);
        stores.apiKeys().findById(key.id()).orElseThrow(); // what the PATCH read: 10 uses left

        Racing.whileUncommitted(stores.transactions(), () -> {
            stores.quotas().takeUse(key.id());
            stores.quotas().takeUse(key.id());
            stores.quotas().takeUse(key.id());
        }, () -> stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withName("deploy")
                .withRateLimit(new RateLimit(5, 1))));

        ApiKey stored = stores.apiKeys().findById(key.id()).orElseThrow();
        assertThat(stored.remaining()).isEqualTo(7L);
        assertThat(stored.name()).isEqualTo("deploy");
        assertThat(stored.rateLimit()).isEqualTo(new RateLimit(5, 1));
    }

    /** Threads taking uses and threads changing the key's details, all at once: every use taken stays taken. */
    @Test
    void everyUseTakenWhileTheKeyChangesStaysTaken() throws Exception {
        ApiKey key = fixtures.key(owner, Fixtures.T0).withRemaining(1_000L);
        stores.apiKeys().add(key);
        AtomicLong taken = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);

        SeveralNodes.atOnce(4, node -> {
            start.countDown();
            start.await();
            for (int i = 0; i < 40; i++) {
                if (node % 2 == 0) {
                    OptionalLong left = stores.quotas().takeUse(key.id());
                    taken.addAndGet(left.isPresent() ? 1 : 0);
                } else {
                    stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withName("ci-" + node + "-" + i)
                            .withMeta(new KeyMetadata("{\"n\":" + i + "}")));
                }
            }
        });

        assertThat(taken.get()).isEqualTo(80);
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().remaining()).isEqualTo(1_000L - taken.get());
    }

    @Test
    void storesAKeysLimitsAndRotationCarriesThemOver() {
        ApiKey key = fixtures.key(owner, Fixtures.T0).withRateLimit(new RateLimit(100, 60)).withRemaining(50L);
        stores.apiKeys().add(key);

        assertThat(stores.apiKeys().findById(key.id()).orElseThrow()).isEqualTo(key);
        ApiKey.Rotation rotation = key.rotate(fixtures.token("lk"), Fixtures.HASHER, Fixtures.T0.plusSeconds(1),
                Duration.ofMinutes(5));
        assertThat(stores.apiKeys().rotate(rotation)).isTrue();
        ApiKey replacement = stores.apiKeys().findById(rotation.replacement().id()).orElseThrow();
        assertThat(replacement.rateLimit()).isEqualTo(new RateLimit(100, 60));
        assertThat(replacement.remaining()).isEqualTo(50L);
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().rateLimit()).isEqualTo(new RateLimit(100, 60));
    }

    @Test
    void storesTheAllowedAddressesAtTheirLongestChangesThemAndRotationCarriesThemOver() {
        List<String> longest = new ArrayList<>();
        for (int i = 0; i < AllowedCidrs.MAX_ENTRIES; i++) {
            longest.add(String.format("ffff:ffff:ffff:ffff:ffff:ffff:ffff:%04x/128", i + 0xff00));
        }
        ApiKey key = fixtures.key(owner, Fixtures.T0).withAllowedCidrs(AllowedCidrs.parse(longest));
        stores.apiKeys().add(key);
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().allowedCidrs().texts()).isEqualTo(longest);

        AllowedCidrs changed = AllowedCidrs.parse(List.of("203.0.113.0/24", "2001:db8::/32", "192.0.2.1"));
        stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withAllowedCidrs(changed));
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().allowedCidrs()).isEqualTo(changed);
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().allowedCidrs().texts())
                .containsExactly("203.0.113.0/24", "2001:db8::/32", "192.0.2.1/32");

        ApiKey.Rotation rotation = key.withAllowedCidrs(changed).rotate(fixtures.token("lk"), Fixtures.HASHER,
                Fixtures.T0.plusSeconds(1), Duration.ofMinutes(5));
        assertThat(stores.apiKeys().rotate(rotation)).isTrue();
        assertThat(stores.apiKeys().findById(rotation.replacement().id()).orElseThrow().allowedCidrs())
                .isEqualTo(changed);

        stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withAllowedCidrs(null));
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().allowedCidrs()).isNull();
    }

    @Test
    void rotationStoresHowTheReplacementCameToBeWithTheExpiryAndTheUsesLeftAsStoredThen() {
        ApiKey key = fixtures.key(owner, Fixtures.T0).expiringAt(Fixtures.T0.plus(Duration.ofDays(1)), Fixtures.T0)
                .withRemaining(5L);
        stores.apiKeys().add(key);
        ApiKey.Rotation self = key.rotate(fixtures.token("lk"), Fixtures.HASHER, Fixtures.T0.plusSeconds(1),
                Duration.ofMinutes(5), true);
        // uses taken since the rotation was computed
        stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withRemaining(3L));

        assertThat(stores.apiKeys().rotate(self)).isTrue();

        ApiKey second = stores.apiKeys().findById(self.replacement().id()).orElseThrow();
        assertThat(second.lineage()).isEqualTo(new KeyLineage(key.id(), true, key.id()));
        assertThat(second.expiresAt()).isEqualTo(Fixtures.T0.plus(Duration.ofDays(1)));
        assertThat(second.remaining()).isEqualTo(3L);
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().lineage()).isEqualTo(KeyLineage.ISSUED);

        ApiKey.Rotation byAdmin = second.rotate(fixtures.token("lk"), Fixtures.HASHER, Fixtures.T0.plusSeconds(2),
                Duration.ofMinutes(5));
        assertThat(stores.apiKeys().rotate(byAdmin)).isTrue();
        assertThat(stores.apiKeys().findById(byAdmin.replacement().id()).orElseThrow().lineage())
                .isEqualTo(new KeyLineage(second.id(), false, key.id()));
        assertThat(stores.apiKeys().findById(byAdmin.replacement().id()).orElseThrow().remaining()).isEqualTo(3L);
    }

    @Test
    void aKeyWithoutLimitsHasNone() {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);

        ApiKey found = stores.apiKeys().findById(key.id()).orElseThrow();
        assertThat(found.rateLimit()).isNull();
        assertThat(found.remaining()).isNull();
        assertThat(found.allowedCidrs()).isNull();
    }

    @Test
    void rotationRetiresTheOldKeyAndAddsTheNewOneTogether() {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        ApiKey.Rotation rotation = key.rotate(fixtures.token("lk"), Fixtures.HASHER, Fixtures.T0.plusSeconds(1),
                Duration.ofMinutes(5));

        assertThat(stores.apiKeys().rotate(rotation)).isTrue();

        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().rotatedTo())
                .isEqualTo(rotation.replacement().id());
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().expiresAt())
                .isEqualTo(Fixtures.T0.plusSeconds(301));
        assertThat(stores.apiKeys().findById(rotation.replacement().id())).contains(rotation.replacement());
    }

    @Test
    void ofConcurrentRotationsOfOneKeyExactlyOneWins() throws Exception {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        int contenders = 8;
        List<ApiKey.Rotation> rotations = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            rotations.add(key.rotate(fixtures.token("lk"), Fixtures.HASHER, Fixtures.T0.plusSeconds(1), Duration.ZERO));
        }
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (ApiKey.Rotation rotation : rotations) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return stores.apiKeys().rotate(rotation);
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> outcome : outcomes) {
                won += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        KeyId winner = stores.apiKeys().findById(key.id()).orElseThrow().rotatedTo();
        assertThat(rotations).filteredOn(r -> !r.replacement().id().equals(winner))
                .allSatisfy(loser -> assertThat(stores.apiKeys().findById(loser.replacement().id())).isEmpty());
        assertThat(stores.apiKeys().findById(winner)).isPresent();
    }

    @Test
    void aRevokedKeyIsNotRotated() {
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);
        ApiKey.Rotation rotation = key.rotate(fixtures.token("lk"), Fixtures.HASHER, Fixtures.T0.plusSeconds(1),
                Duration.ZERO);
        stores.apiKeys().revoke(key.id(), Fixtures.T0.plusSeconds(1));

        assertThat(stores.apiKeys().rotate(rotation)).isFalse();
        assertThat(stores.apiKeys().findById(rotation.replacement().id())).isEmpty();
    }

    private static ApiKeys.Position position(ApiKey key) {
        return new ApiKeys.Position(key.createdAt(), key.id());
    }

    private static String swapCase(String text) {
        StringBuilder swapped = new StringBuilder();
        for (char c : text.toCharArray()) {
            swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return swapped.toString().equals(text) ? "zzzzzzzzzzzz" : swapped.toString();
    }

    // ---- honeytokens (issue 28 §1) ----------------------------------------------------------------------------

    @Test
    void storesAHoneytokenAsAnyKeyAndVerificationSeesIt() {
        ApiKey honeytoken = fixtures.key(owner, Fixtures.T0).asHoneytoken();
        ApiKey plain = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(honeytoken);
        stores.apiKeys().add(plain);

        assertThat(stores.apiKeys().findById(honeytoken.id()).orElseThrow()).isEqualTo(honeytoken)
                .satisfies(found -> assertThat(found.honeytoken()).isTrue())
                .satisfies(found -> assertThat(found.honeytokenPresentations()).isZero());
        assertThat(stores.apiKeys().findById(plain.id()).orElseThrow().honeytoken()).isFalse();
        assertThat(stores.verifiableKeys().findForVerification(honeytoken.id())).get()
                .extracting(VerifiableKey::honeytoken).isEqualTo(true);
        assertThat(stores.verifiableKeys().findForVerification(plain.id())).get()
                .extracting(VerifiableKey::honeytoken).isEqualTo(false);
        assertThat(VerifiableKey.of(honeytoken, UserStatus.ACTIVE).honeytoken()).isTrue();
    }

    @Test
    void listsKeysByKind() {
        ApiKey first = fixtures.key(owner, Fixtures.T0);
        ApiKey honeytoken = fixtures.key(owner, Fixtures.T0.plusSeconds(1)).asHoneytoken();
        ApiKey last = fixtures.key(owner, Fixtures.T0.plusSeconds(2));
        ApiKey revokedHoneytoken = fixtures.key(owner, Fixtures.T0.plusSeconds(3)).asHoneytoken()
                .revokedAt(Fixtures.T0.plusSeconds(4));
        for (ApiKey key : List.of(first, honeytoken, last, revokedHoneytoken)) {
            stores.apiKeys().add(key);
        }

        assertThat(stores.apiKeys().listByOwner(owner.id(), Optional.empty(), 10, false, Optional.of(true)))
                .extracting(ApiKey::id).containsExactly(honeytoken.id());
        assertThat(stores.apiKeys().listByOwner(owner.id(), Optional.empty(), 10, true, Optional.of(true)))
                .extracting(ApiKey::id).containsExactly(honeytoken.id(), revokedHoneytoken.id());
        assertThat(stores.apiKeys().listByOwner(owner.id(), Optional.empty(), 10, true, Optional.of(false)))
                .extracting(ApiKey::id).containsExactly(first.id(), last.id());
        assertThat(stores.apiKeys().listByOwner(owner.id(),
                Optional.of(new ApiKeys.Position(first.createdAt(), first.id())), 1, true, Optional.of(false)))
                .extracting(ApiKey::id).containsExactly(last.id());
        assertThat(stores.apiKeys().listByOwner(owner.id(), Optional.empty(), 10, true, Optional.empty()))
                .hasSize(4);
    }
}
