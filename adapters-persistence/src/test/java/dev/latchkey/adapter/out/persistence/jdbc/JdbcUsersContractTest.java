package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsersContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Users contract on MySQL. */
class JdbcUsersContractTest extends UsersContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("Users");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
