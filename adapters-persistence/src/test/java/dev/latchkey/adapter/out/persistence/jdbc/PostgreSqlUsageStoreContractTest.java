package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsageStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UsageStore contract on PostgreSQL. */
class PostgreSqlUsageStoreContractTest extends UsageStoreContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("UsageStore");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
