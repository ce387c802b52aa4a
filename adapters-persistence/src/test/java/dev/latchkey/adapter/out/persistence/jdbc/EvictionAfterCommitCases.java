package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.cache.CachingVerifiableKeys;
import dev.latchkey.adapter.out.cache.EvictingApiKeys;
import dev.latchkey.adapter.out.cache.EvictingTransactions;
import dev.latchkey.adapter.out.cache.EvictingUsers;
import dev.latchkey.adapter.out.cache.GatedVerifiableKeys;
import dev.latchkey.adapter.out.cache.VerificationCache;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change made on this node holds on it once it returns, whatever verifications missed the cache meanwhile: the
 * node's cache over a real database, whose transactions keep a change from other connections until it commits, as
 * the use cases write (evicting stores inside an {@link EvictingTransactions} transaction). Races are ordered with
 * latches; run on each database by a nested class of its {@code *KeyChangesTest}.
 */
abstract class EvictionAfterCommitCases {

    private static final SecretHasher HASHER =
            new SecretHasher("eviction-test-pepper-0123456789abcdef0".getBytes(StandardCharsets.US_ASCII));
    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456Z");

    private final JdbcStores database;
    private final Random random = new Random(13);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private VerificationCache cache;
    private Transactions transactions;
    private ApiKeys apiKeys;
    private Users users;
    private GatedVerifiableKeys gated;
    private VerifiableKeys verifiableKeys;
    private User owner;
    private ApiKey key;

    /** On the stores of the database under test. */
    EvictionAfterCommitCases(JdbcStores database) {
        this.database = database;
    }

    @BeforeEach
    void anOwnerWithAKey() {
        Stores stores = database.empty();
        cache = new VerificationCache(new VerificationCache.Settings(1_000, Duration.ofSeconds(1), Duration.ZERO, 100),
                false, new SimpleMeterRegistry(), System::nanoTime);
        transactions = new EvictingTransactions(stores.transactions(), cache);
        apiKeys = new EvictingApiKeys(stores.apiKeys(), cache);
        users = new EvictingUsers(stores.users(), cache);
        gated = new GatedVerifiableKeys(stores.verifiableKeys());
        verifiableKeys = new CachingVerifiableKeys(gated, cache);
        owner = User.register(UserId.generate(T0, random), "Ada", null, null, T0);
        users.add(owner);
        key = ApiKey.issue(ApiKeyToken.generate(KeyPrefix.DEFAULT, random), HASHER, owner.id(), "ci",
                Scopes.parse(List.of("process")), T0, null);
        apiKeys.add(key);
    }

    @AfterEach
    void stopThePool() {
        gated.release.countDown();
        pool.shutdownNow();
    }

    /**
     * The miss reads the key while the revocation is written but not committed, and caches it unrevoked: evicted
     * inside the transaction, the key went on working on this node after the revocation had returned.
     */
    @Test
    void aMissDuringARevocationLeavesNothingUnrevokedCachedOnceTheRevocationHasReturned() throws Exception {
        gated.release.countDown(); // this miss caches what it read at once
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch missed = new CountDownLatch(1);
        Future<?> revocation = pool.submit(() -> transactions.inTransaction(() -> {
            apiKeys.revoke(key.id(), T0.plusSeconds(1));
            written.countDown();
            await(missed);
        }));
        await(written);

        Optional<VerifiableKey> duringTheRevocation = verifiableKeys.findForVerification(key.id());
        missed.countDown();
        revocation.get(30, TimeUnit.SECONDS);

        assertThat(duringTheRevocation.orElseThrow().isRevoked()).as("read before the commit").isFalse();
        assertThat(verifiableKeys.findForVerification(key.id()).orElseThrow().isRevoked()).isTrue();
    }

    /** The same for an owner's change: a miss during the disable's transaction caches the owner active. */
    @Test
    void aMissDuringADisableLeavesNothingActiveCachedOnceTheDisableHasReturned() throws Exception {
        gated.release.countDown();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch missed = new CountDownLatch(1);
        Future<?> disable = pool.submit(() -> transactions.inTransaction(() -> {
            users.update(owner.id(), new Users.Changes(Optional.empty(), Optional.empty(),
                    Optional.of(UserStatus.DISABLED)), T0.plusSeconds(1));
            written.countDown();
            await(missed);
        }));
        await(written);

        Optional<VerifiableKey> duringTheDisable = verifiableKeys.findForVerification(key.id());
        missed.countDown();
        disable.get(30, TimeUnit.SECONDS);

        assertThat(duringTheDisable.orElseThrow().ownerStatus()).as("read before the commit")
                .isEqualTo(UserStatus.ACTIVE);
        assertThat(verifiableKeys.findForVerification(key.id()).orElseThrow().ownerStatus())
                .isEqualTo(UserStatus.DISABLED);
    }

    /**
     * A miss reads the owner active before the disable commits, and caches what it read only after the disable has
     * committed, evicted and returned: an eviction that neither sees nor waits for it left the disabled owner's key
     * valid on this node for good.
     */
    @Test
    void aMissThatReadTheOwnerActiveBeforeTheDisableCommittedIsNotCachedAfterIt() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        Future<?> disable = pool.submit(() -> transactions.inTransaction(() -> {
            users.update(owner.id(), new Users.Changes(Optional.empty(), Optional.empty(),
                    Optional.of(UserStatus.DISABLED)), T0.plusSeconds(1));
            written.countDown();
            await(gated.hasRead);
        }));
        Future<Optional<VerifiableKey>> miss = pool.submit(() -> {
            await(written);
            return verifiableKeys.findForVerification(key.id());
        });
        disable.get(30, TimeUnit.SECONDS);
        gated.release.countDown();

        assertThat(miss.get(30, TimeUnit.SECONDS).orElseThrow().ownerStatus()).as("read before the commit")
                .isEqualTo(UserStatus.ACTIVE);
        assertThat(verifiableKeys.findForVerification(key.id()).orElseThrow().ownerStatus())
                .isEqualTo(UserStatus.DISABLED);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other side never came");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
