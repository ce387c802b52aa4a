package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsageStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UsageStore contract on H2, in the embedded default's MySQL mode. */
class H2UsageStoreContractTest extends UsageStoreContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("UsageStore");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
