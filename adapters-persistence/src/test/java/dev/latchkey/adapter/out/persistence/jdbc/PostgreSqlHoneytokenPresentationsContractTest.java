package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.HoneytokenPresentationsContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HoneytokenPresentations contract on PostgreSQL. */
class PostgreSqlHoneytokenPresentationsContractTest extends HoneytokenPresentationsContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("HoneytokenPresentations");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
