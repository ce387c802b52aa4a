package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every implementation of the {@link UsageQuotas} port must do: exact, whatever the concurrency. */
public abstract class UsageQuotasContract extends OnEmptyStores {

    private User owner;

    @BeforeEach
    void storeAnOwner() {
        owner = storedOwner();
    }

    @Test
    void takesOneUseAtATimeUntilNoneIsLeft() {
        ApiKey key = fixtures.key(owner, Fixtures.T0).withRemaining(2L);
        stores.apiKeys().add(key);

        assertThat(stores.quotas().takeUse(key.id())).isEqualTo(OptionalLong.of(1));
        assertThat(stores.quotas().takeUse(key.id())).isEqualTo(OptionalLong.of(0));
        assertThat(stores.quotas().takeUse(key.id())).isEmpty();
        assertThat(stores.apiKeys().findById(key.id()).orElseThrow().remaining()).isZero();
    }

    @Test
    void aKeyWithoutQuotaOrWithoutExistenceHasNothingToTake() {
        ApiKey unlimited = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(unlimited);

        assertThat(stores.quotas().takeUse(unlimited.id())).isEmpty();
        assertThat(stores.apiKeys().findById(unlimited.id()).orElseThrow().remaining()).isNull();
        assertThat(stores.quotas().takeUse(new KeyId("AAAAAAAAAAAA"))).isEmpty();
    }

    @Test
    void twoHundredConcurrentTakersOfFiftyUsesGetExactlyFifty() throws Exception {
        ApiKey key = fixtures.key(owner, Fixtures.T0).withRemaining(50L);
        stores.apiKeys().add(key);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<OptionalLong>> takes = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                takes.add(pool.submit(() -> {
                    start.await();
                    return stores.quotas().takeUse(key.id());
                }));
            }
            start.countDown();
            List<Long> left = new ArrayList<>();
            for (Future<OptionalLong> take : takes) {
                take.get(60, TimeUnit.SECONDS).ifPresent(left::add);
            }
            assertThat(left).hasSize(50).doesNotHaveDuplicates().allMatch(n -> n >= 0 && n < 50);
            assertThat(stores.apiKeys().findById(key.id()).orElseThrow().remaining()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyAndTheKeysRotatedFromItShareOneQuotaHeldByTheNewest() {
        ApiKey first = fixtures.key(owner, Fixtures.T0).withRemaining(5L);
        stores.apiKeys().add(first);
        assertThat(stores.quotas().takeUse(first.limitsKeyId())).isEqualTo(OptionalLong.of(4));
        ApiKey second = rotate(first);
        assertThat(stores.quotas().takeUse(second.limitsKeyId())).isEqualTo(OptionalLong.of(3));
        ApiKey third = rotate(second); // the first is still in its grace: three keys of one line

        assertThat(stores.quotas().takeUse(first.limitsKeyId())).isEqualTo(OptionalLong.of(2));
        assertThat(stores.quotas().takeUse(second.limitsKeyId())).isEqualTo(OptionalLong.of(1));
        assertThat(stores.quotas().takeUse(third.limitsKeyId())).isEqualTo(OptionalLong.of(0));
        assertThat(stores.quotas().takeUse(first.limitsKeyId())).isEmpty();
        assertThat(stores.quotas().takeUse(third.limitsKeyId())).isEmpty();
        assertThat(stores.apiKeys().findById(third.id()).orElseThrow().remaining()).isZero();
        assertThat(stores.apiKeys().findById(first.id()).orElseThrow().remaining()).as("left as it was when rotated")
                .isEqualTo(4L);
    }

    @Test
    void usesTakenWhileTheKeyIsRotatedAgainAndAgainNeverExceedTheQuota() throws Exception {
        ApiKey first = fixtures.key(owner, Fixtures.T0).withRemaining(60L);
        stores.apiKeys().add(first);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<OptionalLong>> takes = new ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                takes.add(pool.submit(() -> {
                    start.await();
                    return stores.quotas().takeUse(first.limitsKeyId());
                }));
            }
            Future<ApiKey> rotations = pool.submit(() -> {
                start.await();
                ApiKey newest = first;
                for (int i = 0; i < 5; i++) {
                    newest = rotate(newest);
                }
                return newest;
            });
            start.countDown();
            List<Long> left = new ArrayList<>();
            for (Future<OptionalLong> take : takes) {
                take.get(60, TimeUnit.SECONDS).ifPresent(left::add);
            }
            ApiKey newest = rotations.get(60, TimeUnit.SECONDS);
            long stillLeft = stores.apiKeys().findById(newest.id()).orElseThrow().remaining();
            // every use granted was taken once, from one count: never more than the quota, none counted twice
            assertThat(left).doesNotHaveDuplicates().allMatch(n -> n >= 0 && n < 60);
            assertThat(left.size() + stillLeft).isEqualTo(60);
            while (stores.quotas().takeUse(first.limitsKeyId()).isPresent()) {
                stillLeft--;
            }
            assertThat(stillLeft).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    private ApiKey rotate(ApiKey key) {
        ApiKey stored = stores.apiKeys().findById(key.id()).orElseThrow();
        ApiKey.Rotation rotation = stored.rotate(fixtures.token("lk"), Fixtures.HASHER, Fixtures.T0.plusSeconds(1),
                Duration.ofHours(1));
        assertThat(stores.apiKeys().rotate(rotation)).isTrue();
        return stores.apiKeys().findById(rotation.replacement().id()).orElseThrow();
    }
}
