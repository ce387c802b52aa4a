package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.UsageStoreContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;

/** The UsageStore contract in memory. */
class InMemoryUsageStoreContractTest extends UsageStoreContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
