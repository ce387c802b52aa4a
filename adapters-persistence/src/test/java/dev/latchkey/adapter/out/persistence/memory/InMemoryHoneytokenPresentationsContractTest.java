package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.contract.HoneytokenPresentationsContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;

/** The HoneytokenPresentations contract in memory. */
class InMemoryHoneytokenPresentationsContractTest extends HoneytokenPresentationsContract {

    @Override
    protected Stores emptyStores() {
        return InMemoryStores.empty();
    }
}
