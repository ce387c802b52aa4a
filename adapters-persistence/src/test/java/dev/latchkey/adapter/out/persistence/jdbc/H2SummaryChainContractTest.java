package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The summaries' chain contract on H2, in the embedded default's MySQL mode. */
class H2SummaryChainContractTest extends SqlSummaryChainContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("SummaryChain");

    @Override
    JdbcStores jdbcStores() {
        return STORES;
    }
}
