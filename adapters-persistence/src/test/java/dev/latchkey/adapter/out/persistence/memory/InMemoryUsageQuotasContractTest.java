package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsageQuotasContract;

/** The UsageQuotas contract in memory. */
class InMemoryUsageQuotasContractTest extends UsageQuotasContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
