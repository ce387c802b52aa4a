package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.VerificationSummaryStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The VerificationSummaryStore contract on MySQL (the MariaDB test server). */
class JdbcVerificationSummaryStoreContractTest extends VerificationSummaryStoreContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("VerificationSummaryStore");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
