package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.AuditEventStoreContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AuditEventStore contract on H2, in the embedded default's MySQL mode. */
class H2AuditEventStoreContractTest extends AuditEventStoreContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("AuditEventStore");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
