package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.UsageQuotasContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;

/** The UsageQuotas contract in memory. */
class InMemoryUsageQuotasContractTest extends UsageQuotasContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
