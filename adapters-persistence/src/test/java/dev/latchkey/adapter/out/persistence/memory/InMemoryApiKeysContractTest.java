package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.ApiKeysContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;

class InMemoryApiKeysContractTest extends ApiKeysContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
