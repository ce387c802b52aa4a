package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.ApiKeysContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ApiKeys contract on MySQL. */
class JdbcApiKeysContractTest extends ApiKeysContract {

    private static JdbcStores stores;

    @BeforeAll
    static void startDatabase() {
        stores = JdbcStores.start("ApiKeys");
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
