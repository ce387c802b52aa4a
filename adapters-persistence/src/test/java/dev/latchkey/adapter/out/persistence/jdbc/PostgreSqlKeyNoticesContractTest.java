package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.KeyNoticesContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key notices contract on PostgreSql. */
class PostgreSqlKeyNoticesContractTest extends KeyNoticesContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("KeyNotices");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
