package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.AuditEventStoreContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AuditEventStore contract on MySQL. */
class JdbcAuditEventStoreContractTest extends AuditEventStoreContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("AuditEventStore");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
