package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.VerificationSummaryStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The VerificationSummaryStore contract on PostgreSQL. */
class PostgreSqlVerificationSummaryStoreContractTest extends VerificationSummaryStoreContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("VerificationSummaryStore");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
