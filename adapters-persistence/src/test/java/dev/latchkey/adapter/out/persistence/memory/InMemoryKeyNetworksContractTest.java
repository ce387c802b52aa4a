package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.KeyNetworksContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.application.port.out.alerts.KeyNetworks;

class InMemoryKeyNetworksContractTest extends KeyNetworksContract {

    private KeyNetworks networks;

    @Override
    protected Stores emptyStores() {
        Stores stores = InMemoryStores.empty();
        networks = new InMemoryKeyNetworks((InMemoryApiKeys) stores.apiKeys());
        return stores;
    }

    @Override
    protected KeyNetworks keyNetworks() {
        return networks;
    }
}
