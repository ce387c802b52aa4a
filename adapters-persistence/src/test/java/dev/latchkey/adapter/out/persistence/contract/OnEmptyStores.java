package dev.latchkey.adapter.out.persistence.contract;

import dev.latchkey.domain.user.User;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every contract on the {@link Stores} ports starts from: before each test, the stores of the implementation
 * under test, empty, and the fixtures to fill them with. Extend a contract and answer {@link #emptyStores()}.
 */
public abstract class OnEmptyStores {

    final Fixtures fixtures = new Fixtures();
    Stores stores;

    /** Empty stores of the implementation under test. */
    protected abstract Stores emptyStores();

    @BeforeEach
    final void setUpStores() {
        stores = emptyStores();
    }

    /** A user, stored: the owner of a test's keys. */
    User storedOwner() {
        User owner = fixtures.user("owner");
        stores.users().add(owner);
        return owner;
    }
}
