package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.VerifiableKeysContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The VerifiableKeys contract on MySQL. */
class JdbcVerifiableKeysContractTest extends VerifiableKeysContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("VerifiableKeys");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
