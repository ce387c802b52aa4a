package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.persistence.memory.InMemoryApiKeys;
import dev.latchkey.adapter.out.persistence.memory.InMemoryAuditEvents;
import dev.latchkey.adapter.out.persistence.memory.InMemoryKeyUsage;
import dev.latchkey.adapter.out.persistence.memory.InMemoryTransactions;
import dev.latchkey.adapter.out.persistence.memory.InMemoryUsers;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** With {@code latchkey.store=memory}, users, keys, the audit trail and usage live in memory only (tests, demos). */
@Factory
@Requires(property = "latchkey.store", value = "memory")
class InMemoryStoreFactory {

    @Singleton
    InMemoryUsers users() {
        return new InMemoryUsers();
    }

    @Singleton
    InMemoryApiKeys apiKeys(InMemoryUsers users) {
        return new InMemoryApiKeys(users);
    }

    @Singleton
    InMemoryTransactions transactions() {
        return new InMemoryTransactions();
    }

    @Singleton
    InMemoryAuditEvents auditEvents() {
        return new InMemoryAuditEvents();
    }

    @Singleton
    InMemoryKeyUsage keyUsage() {
        return new InMemoryKeyUsage();
    }
}
