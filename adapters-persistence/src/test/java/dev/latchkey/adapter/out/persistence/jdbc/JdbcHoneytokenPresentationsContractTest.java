package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.HoneytokenPresentationsContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HoneytokenPresentations contract on MySQL. */
class JdbcHoneytokenPresentationsContractTest extends HoneytokenPresentationsContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("HoneytokenPresentations");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
