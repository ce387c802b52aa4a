package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsersContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Users contract on PostgreSQL. */
class PostgreSqlUsersContractTest extends UsersContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("Users");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
