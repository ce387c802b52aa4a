package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.UsageQuotasContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UsageQuotas contract on H2, in the embedded default's MySQL mode. */
class H2UsageQuotasContractTest extends UsageQuotasContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("UsageQuotas");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
