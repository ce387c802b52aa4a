package dev.latchkey.application.port.out.store;

import java.util.function.Supplier;

/** Runs work in one store transaction: every write in it commits together, or none does. */
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);

    default void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
