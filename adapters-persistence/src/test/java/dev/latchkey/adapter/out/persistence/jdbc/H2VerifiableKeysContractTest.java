package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.VerifiableKeysContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The VerifiableKeys contract on H2, in the embedded default's MySQL mode. */
class H2VerifiableKeysContractTest extends VerifiableKeysContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("VerifiableKeys");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
