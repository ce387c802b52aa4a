package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsersContract;

/**
 * The example of docs/persistence-adapters.md, compiled and run: the region between the markers is the doc's code
 * block, character for character ({@code PersistenceAdaptersDocTest} compares them).
 */
// begin snippet: KitExampleUsersContractTest
class KitExampleUsersContractTest extends UsersContract {

    @Override
    protected Stores emptyStores() {
        // your adapter, empty: a fresh database, schema or namespace per call, or everything deleted first;
        // here the in-memory adapter, new for each test
        InMemoryUsers users = new InMemoryUsers();
        InMemoryApiKeys apiKeys = new InMemoryApiKeys(users);
        InMemoryWebhooks webhooks = new InMemoryWebhooks();
        return new Stores(
                users,                                  // Users
                apiKeys,                                // ApiKeys
                apiKeys,                                // VerifiableKeys
                apiKeys,                                // UsageQuotas
                new InMemoryAuditEvents(),              // AuditEventStore
                new InMemoryKeyUsage(),                 // UsageStore
                new InMemoryTransactions(),             // Transactions
                webhooks,                               // WebhookEndpoints
                webhooks,                               // WebhookOutbox
                new InMemoryLeases(),                   // Leases
                new InMemoryKeyNotices(apiKeys, users), // KeyNotices
                new InMemoryVerificationSummaries());   // VerificationSummaryStore
    }
}
// end snippet
