package dev.latchkey.bootstrap.kit;

import dev.latchkey.adapter.out.persistence.contract.KeyNoticesContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit's key notices contract, from the test-jar, on the in-memory adapter as Micronaut wires it. */
class KitKeyNoticesContractTest extends KeyNoticesContract {

    @RegisterExtension
    final MemoryStores stores = new MemoryStores();

    @Override
    protected Stores emptyStores() {
        return stores.empty();
    }
}
