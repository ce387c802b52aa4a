package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.application.port.out.store.Transactions;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * The in-memory store has no transactions: work runs as it is. Each in-memory write is atomic on its own; a change
 * and its audit event are written one after the other, and nothing survives a restart anyway.
 */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryTransactions implements Transactions {

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }
}
