package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsersContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Users contract on H2, in the embedded default's MySQL mode. */
class H2UsersContractTest extends UsersContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("Users");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
