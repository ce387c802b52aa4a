package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.KeyNoticesContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key notices contract on MySQL. */
class JdbcKeyNoticesContractTest extends KeyNoticesContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("KeyNotices");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
