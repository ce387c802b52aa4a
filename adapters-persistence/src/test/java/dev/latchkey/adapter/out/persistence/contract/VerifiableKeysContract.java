package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.VerifiableKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every implementation of the {@link VerifiableKeys} port must do. */
public abstract class VerifiableKeysContract extends OnEmptyStores {

    @Test
    void bringsTheKeyAndItsOwnersStatusInOneRead() {
        User owner = fixtures.user("owner");
        stores.users().add(owner);
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);

        VerifiableKey found = stores.verifiableKeys().findForVerification(key.id()).orElseThrow();

        assertThat(found).isEqualTo(VerifiableKey.of(key, UserStatus.ACTIVE));
        assertThat(found.secretHash()).isEqualTo(key.secretHash());
        assertThat(found.ownerStatus()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void seesRevocationAtOnce() {
        User owner = fixtures.user(null);
        stores.users().add(owner);
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);

        stores.apiKeys().revoke(key.id(), Fixtures.T0.plusSeconds(1));

        assertThat(stores.verifiableKeys().findForVerification(key.id()).orElseThrow().revokedAt())
                .isEqualTo(Fixtures.T0.plusSeconds(1));
    }

    @Test
    void seesTheOwnersStatusChangeAtOnce() {
        User owner = fixtures.user(null);
        stores.users().add(owner);
        ApiKey key = fixtures.key(owner, Fixtures.T0);
        stores.apiKeys().add(key);

        stores.users().update(owner.id(), new Users.Changes(Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.DISABLED)), Fixtures.T0.plusSeconds(1));
        UserStatus disabled = stores.verifiableKeys().findForVerification(key.id()).orElseThrow().ownerStatus();
        stores.users().delete(owner.id(), Fixtures.T0.plusSeconds(2));
        UserStatus deleted = stores.verifiableKeys().findForVerification(key.id()).orElseThrow().ownerStatus();

        assertThat(disabled).isEqualTo(UserStatus.DISABLED);
        assertThat(deleted).isEqualTo(UserStatus.DELETED);
    }

    @Test
    void seesAChangeOfTheAllowedAddressesAtOnce() {
        User owner = fixtures.user(null);
        stores.users().add(owner);
        AllowedCidrs office = AllowedCidrs.parse(List.of("203.0.113.0/24"));
        ApiKey key = fixtures.key(owner, Fixtures.T0).withAllowedCidrs(office);
        stores.apiKeys().add(key);
        AllowedCidrs before = stores.verifiableKeys().findForVerification(key.id()).orElseThrow().allowedCidrs();

        AllowedCidrs moved = AllowedCidrs.parse(List.of("2001:db8::/32"));
        stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withAllowedCidrs(moved));
        AllowedCidrs after = stores.verifiableKeys().findForVerification(key.id()).orElseThrow().allowedCidrs();
        stores.apiKeys().updateDetails(key.id(), DetailChanges.NONE.withAllowedCidrs(null));
        AllowedCidrs lifted = stores.verifiableKeys().findForVerification(key.id()).orElseThrow().allowedCidrs();

        assertThat(before).isEqualTo(office);
        assertThat(after).isEqualTo(moved);
        assertThat(lifted).isNull();
    }

    @Test
    void findsNothingForAnUnknownKey() {
        User owner = fixtures.user(null);
        stores.users().add(owner);

        assertThat(stores.verifiableKeys().findForVerification(fixtures.key(owner, Fixtures.T0).id())).isEmpty();
    }
}
