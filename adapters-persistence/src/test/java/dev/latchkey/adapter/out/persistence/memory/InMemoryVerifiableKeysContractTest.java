package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.VerifiableKeysContract;

class InMemoryVerifiableKeysContractTest extends VerifiableKeysContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
