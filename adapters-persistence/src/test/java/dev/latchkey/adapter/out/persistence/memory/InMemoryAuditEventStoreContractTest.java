package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.AuditEventStoreContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;

/** The AuditEventStore contract in memory. */
class InMemoryAuditEventStoreContractTest extends AuditEventStoreContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }

    /** The in-memory store has no transactions to roll back (it says so in InMemoryTransactions). */
    @Override
    protected boolean rollsBack() {
        return false;
    }
}
