package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every implementation of the {@link KeyNotices} port must do. */
public abstract class KeyNoticesContract extends OnEmptyStores {

    private static final Instant T0 = Fixtures.T0;
    private User owner;

    @BeforeEach
    void storeAnOwner() {
        owner = storedOwner();
    }

    private ApiKey expiringIn(User user, Duration in) {
        ApiKey key = fixtures.key(user, T0).expiringAt(T0.plus(in), T0);
        stores.apiKeys().add(key);
        return key;
    }

    @Test
    void findsTheLiveKeysExpiringInTheWindowThatWereNotToldAboutSoonestFirst() {
        ApiKey inTwoDays = expiringIn(owner, Duration.ofDays(2));
        ApiKey inSixDays = expiringIn(owner, Duration.ofDays(6));
        expiringIn(owner, Duration.ofDays(8)); // outside the window
        ApiKey inFiveDays = expiringIn(owner, Duration.ofDays(5));
        ApiKey revoked = expiringIn(owner, Duration.ofDays(3));
        stores.apiKeys().revoke(revoked.id(), T0);
        User disabled = fixtures.user("disabled");
        stores.users().add(disabled);
        expiringIn(disabled, Duration.ofDays(4));
        stores.users().update(disabled.id(), new Users.Changes(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(UserStatus.DISABLED)), T0);
        stores.apiKeys().add(fixtures.key(owner, T0).expiringAt(null, T0)); // never expires

        assertThat(stores.keyNotices().expiringUnnoticed(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(7)),
                "expiring-7d", 10))
                .extracting(ApiKey::id).containsExactly(inTwoDays.id(), inFiveDays.id(), inSixDays.id());
        assertThat(stores.keyNotices().expiringUnnoticed(T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(7)),
                "expiring-7d", 1))
                .extracting(ApiKey::id).as("after is excluded; the limit holds").containsExactly(inFiveDays.id());
    }

    @Test
    void aNoticeHoldsForTheExpiryItWasAboutAndAChangedExpiryIsToldAgain() {
        ApiKey key = expiringIn(owner, Duration.ofDays(5));
        Instant after = T0;
        Instant until = T0.plus(Duration.ofDays(7));

        stores.keyNotices().note(key.id(), "expiring-7d", key.expiresAt(), T0);
        assertThat(stores.keyNotices().expiringUnnoticed(after, until, "expiring-7d", 10)).isEmpty();
        assertThat(stores.keyNotices().expiringUnnoticed(after, until, "expiring-1d", 10)).as("another kind")
                .hasSize(1);

        ApiKey moved = key.expiringAt(T0.plus(Duration.ofDays(6)), T0);
        stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withExpiresAt(moved.expiresAt()));
        assertThat(stores.keyNotices().expiringUnnoticed(after, until, "expiring-7d", 10)).extracting(ApiKey::expiresAt)
                .containsExactly(moved.expiresAt());
        // replaces the older notice
        stores.keyNotices().note(key.id(), "expiring-7d", moved.expiresAt(), T0.plusSeconds(1));
        assertThat(stores.keyNotices().expiringUnnoticed(after, until, "expiring-7d", 10)).isEmpty();
    }

    @Test
    void aKeyLowOnUsesIsToldOnceUntilItIsToppedUp() {
        ApiKey low = fixtures.key(owner, T0).withRemaining(3L);
        ApiKey plenty = fixtures.key(owner, T0).withRemaining(500L);
        ApiKey unlimited = fixtures.key(owner, T0);
        stores.apiKeys().add(low);
        stores.apiKeys().add(plenty);
        stores.apiKeys().add(unlimited);

        assertThat(stores.keyNotices().lowOnUsesUnnoticed(10, "usage-low", 10)).extracting(ApiKey::id)
                .containsExactly(low.id());
        stores.keyNotices().note(low.id(), "usage-low", low.expiresAt(), T0);
        assertThat(stores.keyNotices().rearmTopUps(10, "usage-low")).isZero();
        assertThat(stores.keyNotices().lowOnUsesUnnoticed(10, "usage-low", 10)).isEmpty();

        stores.apiKeys().updateDetails(low.id(), DetailChanges.NONE.withRemaining(50L));
        assertThat(stores.keyNotices().rearmTopUps(10, "usage-low")).isEqualTo(1);
        stores.apiKeys().updateDetails(low.id(), DetailChanges.NONE.withRemaining(2L));
        assertThat(stores.keyNotices().lowOnUsesUnnoticed(10, "usage-low", 10)).extracting(ApiKey::remaining)
                .containsExactly(2L);
    }
}
