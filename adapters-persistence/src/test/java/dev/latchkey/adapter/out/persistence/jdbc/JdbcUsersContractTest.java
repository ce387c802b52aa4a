package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.UsersContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Users contract on MySQL. */
class JdbcUsersContractTest extends UsersContract {

    private static JdbcStores stores;

    @BeforeAll
    static void startDatabase() {
        stores = JdbcStores.start("Users");
    }

    @AfterAll
    static void stopDatabase() {
        stores.close();
    }

    @Override
    protected Stores emptyStores() {
        return stores.empty();
    }
}
