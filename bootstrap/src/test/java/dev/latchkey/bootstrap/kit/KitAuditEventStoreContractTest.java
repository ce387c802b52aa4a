package dev.latchkey.bootstrap.kit;

import dev.latchkey.adapter.out.persistence.contract.AuditEventStoreContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit's AuditEventStore contract, from the test-jar, on the in-memory adapter as Micronaut wires it. */
class KitAuditEventStoreContractTest extends AuditEventStoreContract {

    @RegisterExtension
    final MemoryStores stores = new MemoryStores();

    @Override
    protected Stores emptyStores() {
        return stores.empty();
    }

    /** The in-memory adapter has no transactions to roll back. */
    @Override
    protected boolean rollsBack() {
        return false;
    }
}
