package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.WebhooksContract;

class InMemoryWebhooksContractTest extends WebhooksContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
