package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.user.ExternalIdTaken;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserSearch;
import dev.latchkey.domain.user.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every implementation of the {@link Users} port must do. */
public abstract class UsersContract extends OnEmptyStores {

    @Test
    void storesAndFindsAUserWithEveryField() {
        User user = fixtures.user("crm-42");

        stores.users().add(user);

        assertThat(stores.users().findById(user.id())).contains(user);
        assertThat(stores.users().findByExternalId("crm-42")).contains(user);
    }

    @Test
    void keepsOptionalFieldsAbsent() {
        User user = User.register(fixtures.user(null).id(), "Bob", null, null, Fixtures.T0);

        stores.users().add(user);

        assertThat(stores.users().findById(user.id())).contains(user);
    }

    @Test
    void findsNothingForUnknownIds() {
        assertThat(stores.users().findById(fixtures.user(null).id())).isEmpty();
        assertThat(stores.users().findByExternalId("nobody")).isEmpty();
    }

    @Test
    void refusesASecondUserWithTheSameExternalIdAndKeepsTheFirst() {
        User first = fixtures.user("crm-1");
        stores.users().add(first);

        assertThatThrownBy(() -> stores.users().add(fixtures.user("crm-1"))).isInstanceOf(ExternalIdTaken.class);
        assertThat(stores.users().findByExternalId("crm-1")).contains(first);
    }

    @Test
    void externalIdsAreCaseSensitiveAndUsersWithoutOneDoNotCollide() {
        stores.users().add(fixtures.user("CRM-1"));
        stores.users().add(fixtures.user("crm-1"));
        stores.users().add(fixtures.user(null));
        stores.users().add(fixtures.user(null));

        assertThat(stores.users().listAfter(Optional.empty(), 10)).hasSize(4);
    }

    @Test
    void storesUnicodeBeyondTheBasicPlane() {
        User user = User.register(fixtures.user(null).id(), "Zoë 👩‍💻 名前", "zoe@example.com", "ext-😀", Fixtures.T0);

        stores.users().add(user);

        assertThat(stores.users().findById(user.id()).map(User::name)).contains("Zoë 👩‍💻 名前");
        assertThat(stores.users().findByExternalId("ext-😀")).contains(user);
    }

    @Test
    void listsInIdOrderAPageAtATime() {
        List<User> added = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            User user = fixtures.user("u" + i, Fixtures.T0.plusMillis(i));
            stores.users().add(user);
            added.add(user);
        }

        List<User> first = stores.users().listAfter(Optional.empty(), 2);
        List<User> second = stores.users().listAfter(Optional.of(first.get(1).id()), 2);
        List<User> last = stores.users().listAfter(Optional.of(second.get(1).id()), 2);

        assertThat(first).containsExactly(added.get(0), added.get(1));
        assertThat(second).containsExactly(added.get(2), added.get(3));
        assertThat(last).containsExactly(added.get(4));
        assertThat(stores.users().listAfter(Optional.of(added.get(4).id()), 2)).isEmpty();
    }

    @Test
    void updatesEveryChangeableField() {
        User user = fixtures.user("crm-7");
        stores.users().add(user);
        User changed = user.renamed("Ada L.", Fixtures.T0.plusSeconds(1)).withEmail(null, Fixtures.T0.plusSeconds(1))
                .withStatus(UserStatus.DISABLED, Fixtures.T0.plusSeconds(1));

        Users.Update update = stores.users().update(user.id(), new Users.Changes(Optional.of("Ada L."),
                Optional.of(Optional.empty()), Optional.of(UserStatus.DISABLED)), Fixtures.T0.plusSeconds(1))
                .orElseThrow();

        assertThat(update.user()).isEqualTo(changed);
        assertThat(update.statusChanged()).isTrue();
        assertThat(stores.users().findById(user.id())).contains(changed);
    }

    @Test
    void writesOnlyTheFieldsSentOntoTheUserAsStored() {
        User user = fixtures.user("crm-10");
        stores.users().add(user);
        // after a PATCH read it
        stores.users().update(user.id(), status(UserStatus.DISABLED), Fixtures.T0.plusSeconds(1));

        Users.Update renamed = stores.users().update(user.id(),
                new Users.Changes(Optional.of("Ada L."), Optional.empty(), Optional.empty()),
                Fixtures.T0.plusSeconds(2)).orElseThrow();

        assertThat(renamed.user().status()).as("a rename does not rewrite the status").isEqualTo(UserStatus.DISABLED);
        assertThat(renamed.user().email()).isEqualTo("ada@example.com");
        assertThat(renamed.user().externalId()).isEqualTo("crm-10");
        assertThat(renamed.user().updatedAt()).isEqualTo(Fixtures.T0.plusSeconds(2));
        assertThat(renamed.statusChanged()).isFalse();
        assertThat(stores.users().findById(user.id())).contains(renamed.user());
    }

    @Test
    void aStatusChangeSaysWhetherThisCallMadeIt() {
        User user = fixtures.user(null);
        stores.users().add(user);

        boolean first = stores.users().update(user.id(), status(UserStatus.DISABLED), Fixtures.T0.plusSeconds(1))
                .orElseThrow().statusChanged();
        boolean again = stores.users().update(user.id(), status(UserStatus.DISABLED), Fixtures.T0.plusSeconds(2))
                .orElseThrow().statusChanged();
        boolean back = stores.users().update(user.id(), status(UserStatus.ACTIVE), Fixtures.T0.plusSeconds(3))
                .orElseThrow().statusChanged();

        assertThat(List.of(first, again, back)).containsExactly(true, false, true);
    }

    @Test
    void aDeletedUserStaysDeletedAndIsDeletedOnce() {
        User user = fixtures.user("crm-11");
        stores.users().add(user);

        assertThat(stores.users().delete(user.id(), Fixtures.T0.plusSeconds(1))).isTrue();
        assertThat(stores.users().delete(user.id(), Fixtures.T0.plusSeconds(2))).isFalse();
        assertThat(stores.users().update(user.id(), status(UserStatus.ACTIVE), Fixtures.T0.plusSeconds(3))).isEmpty();
        assertThat(stores.users().update(user.id(),
                new Users.Changes(Optional.of("back"), Optional.empty(), Optional.empty()),
                Fixtures.T0.plusSeconds(3))).isEmpty();
        assertThat(stores.users().delete(new UserId("00000000-0000-7000-8000-000000000000"), Fixtures.T0)).isFalse();

        User stored = stores.users().findById(user.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(UserStatus.DELETED);
        assertThat(stored.name()).isEqualTo(user.name());
        assertThat(stored.externalId()).isNull();
        assertThat(stored.updatedAt()).isEqualTo(Fixtures.T0.plusSeconds(1));
    }

    /** A PATCH read the user, then a deletion committed while its write was on the way: the user stays deleted. */
    @Test
    void aChangeRacingADeletionDoesNotBringTheUserBack() throws Exception {
        User user = fixtures.user("crm-12");
        stores.users().add(user);
        stores.users().findById(user.id()).orElseThrow(); // what the PATCH read: active

        Optional<Users.Update> change = Racing.whileUncommitted(stores.transactions(),
                () -> stores.users().delete(user.id(), Fixtures.T0.plusSeconds(1)),
                () -> stores.users().update(user.id(), new Users.Changes(Optional.of("Ada L."), Optional.empty(),
                        Optional.of(UserStatus.ACTIVE)), Fixtures.T0.plusSeconds(2)));

        assertThat(change).isEmpty();
        assertThat(stores.users().findById(user.id()).orElseThrow().status()).isEqualTo(UserStatus.DELETED);
        assertThat(stores.users().findById(user.id()).orElseThrow().name()).isEqualTo(user.name());
    }

    /** A rename racing a disable: both land, and the user stays disabled. */
    @Test
    void aRenameRacingADisableKeepsTheUserDisabled() throws Exception {
        User user = fixtures.user(null);
        stores.users().add(user);

        Optional<Users.Update> renamed = Racing.whileUncommitted(stores.transactions(),
                () -> stores.users().update(user.id(), status(UserStatus.DISABLED), Fixtures.T0.plusSeconds(1)),
                () -> stores.users().update(user.id(), new Users.Changes(Optional.of("Ada L."), Optional.empty(),
                        Optional.empty()), Fixtures.T0.plusSeconds(2)));

        assertThat(renamed.orElseThrow().statusChanged()).isFalse();
        User stored = stores.users().findById(user.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(UserStatus.DISABLED);
        assertThat(stored.name()).isEqualTo("Ada L.");
    }

    private static Users.Changes status(UserStatus status) {
        return new Users.Changes(Optional.empty(), Optional.empty(), Optional.of(status));
    }

    @Test
    void deletedUsersAreLeftOutOfListingsAndFreeTheirExternalId() {
        User kept = fixtures.user("crm-8", Fixtures.T0);
        User gone = fixtures.user("crm-9", Fixtures.T0.plusMillis(1));
        stores.users().add(kept);
        stores.users().add(gone);

        stores.users().delete(gone.id(), Fixtures.T0.plusSeconds(1));
        stores.users().add(fixtures.user("crm-9", Fixtures.T0.plusMillis(2)));

        assertThat(stores.users().listAfter(Optional.empty(), 10)).extracting(User::externalId)
                .containsExactly("crm-8", "crm-9");
        assertThat(stores.users().findById(gone.id()).map(User::status)).contains(UserStatus.DELETED);
    }

    @Test
    void listingAfterAnUnknownIdStillOrdersById() {
        User user = fixtures.user(null);
        stores.users().add(user);

        assertThat(stores.users().listAfter(Optional.of(new UserId("00000000-0000-7000-8000-000000000000")), 10))
                .containsExactly(user);
    }

    @Test
    void searchFindsTextInNameEmailOrExternalIdEitherCaseAPageAtATime() {
        Instant at = Fixtures.T0;
        User grace = User.register(fixtures.user(null, at).id(), "Grace Hopper", "grace@navy.example", "crm-100", at);
        User ada = User.register(fixtures.user(null, at.plusMillis(1)).id(), "Ada", "ADA@Example.com", null,
                at.plusMillis(1));
        User percent = User.register(fixtures.user(null, at.plusMillis(2)).id(), "100% Ada_fan", null, "crm_200",
                at.plusMillis(2));
        User gone = User.register(fixtures.user(null, at.plusMillis(3)).id(), "Ada Gone", null, null,
                at.plusMillis(3));
        for (User user : List.of(grace, ada, percent, gone)) {
            stores.users().add(user);
        }
        stores.users().delete(gone.id(), at.plusSeconds(1));

        assertThat(stores.users().searchAfter(new UserSearch("hopper"), Optional.empty(), 10)).containsExactly(grace);
        assertThat(stores.users().searchAfter(new UserSearch("example.COM"), Optional.empty(), 10))
                .containsExactly(ada);
        assertThat(stores.users().searchAfter(new UserSearch("CRM-1"), Optional.empty(), 10)).containsExactly(grace);
        assertThat(stores.users().searchAfter(new UserSearch("ada"), Optional.empty(), 10))
                .containsExactly(ada, percent);
        // LIKE's wildcards are plain characters: "_" is not any one character, "%" not any text
        assertThat(stores.users().searchAfter(new UserSearch("crm_"), Optional.empty(), 10)).containsExactly(percent);
        assertThat(stores.users().searchAfter(new UserSearch("0%"), Optional.empty(), 10)).containsExactly(percent);
        assertThat(stores.users().searchAfter(new UserSearch("!"), Optional.empty(), 10)).isEmpty();

        List<User> first = stores.users().searchAfter(new UserSearch("a"), Optional.empty(), 2);
        assertThat(first).containsExactly(grace, ada);
        assertThat(stores.users().searchAfter(new UserSearch("a"), Optional.of(ada.id()), 2)).containsExactly(percent);
    }
}
