package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.ApiKeysContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ApiKeys contract on H2, in the embedded default's MySQL mode. */
class H2ApiKeysContractTest extends ApiKeysContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("ApiKeys");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
