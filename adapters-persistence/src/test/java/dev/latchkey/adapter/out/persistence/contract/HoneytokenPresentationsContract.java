package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.verification.HoneytokenPresentation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store that keeps honeytoken presentations ({@code HoneytokenPresentations}) must do: one row per key,
 * client address and minute, created once (the creator alerts) and added to after, the key's total kept, and the
 * rows of minutes past the retention purged.
 */
public abstract class HoneytokenPresentationsContract extends OnEmptyStores {

    private User owner;

    @BeforeEach
    void storeAnOwner() {
        owner = storedOwner();
    }

    private HoneytokenPresentation presented(ApiKey key, String clientIp, Instant at, long count) {
        return new HoneytokenPresentation(key.id(), clientIp, HoneytokenPresentation.minuteOf(at), count, at, at,
                "curl/8", "/v1/auth", "req-1", null);
    }

    @Test
    void thePresentationsOfAKeyAddressAndMinuteAreCreatedOnceAndCounted() {
        ApiKey honeytoken = fixtures.key(owner, Fixtures.T0).asHoneytoken();
        stores.apiKeys().add(honeytoken);

        boolean first = stores.transactions().inTransaction(() ->
                stores.honeytokenPresentations().add(presented(honeytoken, "203.0.113.7", Fixtures.T0, 2)));
        boolean again = stores.transactions().inTransaction(() ->
                stores.honeytokenPresentations().add(presented(honeytoken, "203.0.113.7", Fixtures.T0.plusSeconds(1), 3)));
        boolean otherAddress = stores.transactions().inTransaction(() ->
                stores.honeytokenPresentations().add(presented(honeytoken, "2001:db8::1", Fixtures.T0, 1)));
        boolean nextMinute = stores.transactions().inTransaction(() ->
                stores.honeytokenPresentations().add(presented(honeytoken, "203.0.113.7", Fixtures.T0.plusSeconds(60), 1)));
        boolean unknownAddress = stores.transactions().inTransaction(() ->
                stores.honeytokenPresentations().add(presented(honeytoken, null, Fixtures.T0, 1)));

        assertThat(List.of(first, again, otherAddress, nextMinute, unknownAddress))
                .containsExactly(true, false, true, true, true);
        assertThat(stores.apiKeys().findById(honeytoken.id()).orElseThrow().honeytokenPresentations()).isEqualTo(8);
    }

    /** M4: the counts per minute go with the audit trail's retention; the key's total stays. */
    @Test
    void presentationsOfMinutesBeforeTheRetentionArePurgedAndTheTotalStays() {
        ApiKey honeytoken = fixtures.key(owner, Fixtures.T0).asHoneytoken();
        stores.apiKeys().add(honeytoken);
        for (int minute = 0; minute < 3; minute++) {
            Instant at = Fixtures.T0.plusSeconds(60L * minute);
            stores.transactions().inTransaction(() ->
                    stores.honeytokenPresentations().add(presented(honeytoken, "203.0.113.7", at, 1)));
        }

        Instant lastMinute = HoneytokenPresentation.minuteOf(Fixtures.T0.plusSeconds(120));
        assertThat(stores.honeytokenPresentations().purgeBefore(lastMinute, 1)).isEqualTo(1);
        assertThat(stores.honeytokenPresentations().purgeBefore(lastMinute, 10)).isEqualTo(1);
        assertThat(stores.honeytokenPresentations().purgeBefore(lastMinute, 10)).isZero();

        assertThat(stores.apiKeys().findById(honeytoken.id()).orElseThrow().honeytokenPresentations()).isEqualTo(3);
        boolean lastAgain = stores.transactions().inTransaction(() -> stores.honeytokenPresentations()
                .add(presented(honeytoken, "203.0.113.7", Fixtures.T0.plusSeconds(120), 1)));
        boolean firstAgain = stores.transactions().inTransaction(() -> stores.honeytokenPresentations()
                .add(presented(honeytoken, "203.0.113.7", Fixtures.T0, 1)));
        assertThat(List.of(lastAgain, firstAgain)).as("the last minute's count stayed, the first one's went")
                .containsExactly(false, true);
    }

    /**
     * A writer whose transaction the database refused (a deadlock victim among nodes racing for one row) tries again,
     * as the honeytoken alerts' flush does: nothing of a refused attempt was written.
     */
    private boolean addRetryingAsTheWriterDoes(HoneytokenPresentation presentation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return stores.transactions().inTransaction(() -> stores.honeytokenPresentations().add(presentation));
            } catch (RuntimeException refused) {
                if (attempt == 20) {
                    throw refused;
                }
            }
        }
    }

    @Test
    void ofConcurrentWritersOfOneKeyAddressAndMinuteExactlyOneCreatesIt() throws Exception {
        ApiKey honeytoken = fixtures.key(owner, Fixtures.T0).asHoneytoken();
        stores.apiKeys().add(honeytoken);
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> created = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                created.add(pool.submit(() -> {
                    start.await();
                    return addRetryingAsTheWriterDoes(presented(honeytoken, "198.51.100.1", Fixtures.T0, 1));
                }));
            }
            start.countDown();
            long firsts = 0;
            for (Future<Boolean> outcome : created) {
                firsts += outcome.get(1, TimeUnit.MINUTES) ? 1 : 0;
            }
            assertThat(firsts).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stores.apiKeys().findById(honeytoken.id()).orElseThrow().honeytokenPresentations())
                .isEqualTo(writers);
    }
}
