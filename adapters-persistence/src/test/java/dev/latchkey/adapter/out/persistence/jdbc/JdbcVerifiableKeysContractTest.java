package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.VerifiableKeysContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The VerifiableKeys contract on MySQL. */
class JdbcVerifiableKeysContractTest extends VerifiableKeysContract {

    private static JdbcStores stores;

    @BeforeAll
    static void startDatabase() {
        stores = JdbcStores.start("VerifiableKeys");
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
