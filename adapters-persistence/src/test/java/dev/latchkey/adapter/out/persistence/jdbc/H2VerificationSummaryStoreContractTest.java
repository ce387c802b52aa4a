package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.VerificationSummaryStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The VerificationSummaryStore contract on H2, in the embedded default's MySQL mode. */
class H2VerificationSummaryStoreContractTest extends VerificationSummaryStoreContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("VerificationSummaryStore");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
