package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.Stores;

/** The in-memory store, empty, through its ports: how tests outside this package get one. */
public final class InMemoryStores {

    private InMemoryStores() {
    }

    public static Stores empty() {
        InMemoryUsers users = new InMemoryUsers();
        InMemoryApiKeys apiKeys = new InMemoryApiKeys(users);
        InMemoryWebhooks webhooks = new InMemoryWebhooks();
        return new Stores(users, apiKeys, apiKeys, apiKeys, new InMemoryAuditEvents(), new InMemoryKeyUsage(),
                new InMemoryTransactions(), webhooks, webhooks, new InMemoryLeases(),
                new InMemoryKeyNotices(apiKeys, users), new InMemoryVerificationSummaries(), apiKeys);
    }
}
