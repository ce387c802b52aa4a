package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsageStoreContract;

/** The UsageStore contract in memory. */
class InMemoryUsageStoreContractTest extends UsageStoreContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
