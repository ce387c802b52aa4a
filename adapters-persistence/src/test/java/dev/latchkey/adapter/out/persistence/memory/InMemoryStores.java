package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.Stores;

final class InMemoryStores {

    private InMemoryStores() {
    }

    static Stores empty() {
        InMemoryUsers users = new InMemoryUsers();
        InMemoryApiKeys apiKeys = new InMemoryApiKeys(users);
        return new Stores(users, apiKeys, apiKeys, apiKeys, new InMemoryAuditEvents(), new InMemoryKeyUsage(),
                new InMemoryTransactions());
    }
}
