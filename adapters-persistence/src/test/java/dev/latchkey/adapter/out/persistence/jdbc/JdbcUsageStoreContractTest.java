package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsageStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UsageStore contract on MySQL. */
class JdbcUsageStoreContractTest extends UsageStoreContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("UsageStore");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
