package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsageQuotasContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UsageQuotas contract on PostgreSQL. */
class PostgreSqlUsageQuotasContractTest extends UsageQuotasContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("UsageQuotas");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
