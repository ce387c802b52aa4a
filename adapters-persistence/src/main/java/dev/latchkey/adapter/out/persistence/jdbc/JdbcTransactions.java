package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.store.Transactions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/** One JDBC transaction around the work: the adapters' own {@code @Transactional} methods join it. */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcTransactions implements Transactions {

    @Override
    @Transactional
    public <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }
}
