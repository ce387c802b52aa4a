package dev.latchkey.bootstrap.kit;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.VerifiableKeysContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit's VerifiableKeys contract, from the test-jar, on the in-memory adapter as Micronaut wires it. */
class KitVerifiableKeysContractTest extends VerifiableKeysContract {

    @RegisterExtension
    final MemoryStores stores = new MemoryStores();

    @Override
    protected Stores emptyStores() {
        return stores.empty();
    }
}
