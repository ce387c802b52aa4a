package dev.latchkey.bootstrap.archfixture.adapter.out.persistence.memory;

import dev.latchkey.bootstrap.archfixture.adapter.out.persistence.jdbc.SomeJdbcStore;

/** Breaks the standing-alone rule: one store built on another store's class. */
class BorrowingStore {

    SomeJdbcStore borrowed;
}
