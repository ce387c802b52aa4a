package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.VerifiableKeysContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The VerifiableKeys contract on PostgreSQL. */
class PostgreSqlVerifiableKeysContractTest extends VerifiableKeysContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("VerifiableKeys");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
