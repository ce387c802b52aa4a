package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.HoneytokenPresentationsContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HoneytokenPresentations contract on H2, in the embedded default's MySQL mode. */
class H2HoneytokenPresentationsContractTest extends HoneytokenPresentationsContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("HoneytokenPresentations");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
