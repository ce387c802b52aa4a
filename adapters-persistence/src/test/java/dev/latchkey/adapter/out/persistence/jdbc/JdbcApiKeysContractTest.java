package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.ApiKeysContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ApiKeys contract on MySQL. */
class JdbcApiKeysContractTest extends ApiKeysContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("ApiKeys");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
