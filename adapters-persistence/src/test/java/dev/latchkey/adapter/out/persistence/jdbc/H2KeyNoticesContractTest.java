package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.KeyNoticesContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key notices contract on H2, in the embedded default's MySQL mode. */
class H2KeyNoticesContractTest extends KeyNoticesContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("KeyNotices");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
