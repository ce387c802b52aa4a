package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsersContract;

class InMemoryUsersContractTest extends UsersContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
