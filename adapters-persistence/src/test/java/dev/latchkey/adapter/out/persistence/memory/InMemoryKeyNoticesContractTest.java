package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.KeyNoticesContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;

class InMemoryKeyNoticesContractTest extends KeyNoticesContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
