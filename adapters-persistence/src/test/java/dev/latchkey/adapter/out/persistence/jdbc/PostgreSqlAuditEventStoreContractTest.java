package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.AuditEventStoreContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AuditEventStore contract on PostgreSQL. */
class PostgreSqlAuditEventStoreContractTest extends AuditEventStoreContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("AuditEventStore");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
