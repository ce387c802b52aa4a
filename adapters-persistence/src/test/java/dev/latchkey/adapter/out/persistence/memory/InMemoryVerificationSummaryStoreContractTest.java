package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.VerificationSummaryStoreContract;

/** The VerificationSummaryStore contract in memory. */
class InMemoryVerificationSummaryStoreContractTest extends VerificationSummaryStoreContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
