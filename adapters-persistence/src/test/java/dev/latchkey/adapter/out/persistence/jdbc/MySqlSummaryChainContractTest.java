package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The summaries' chain contract on MariaDB, standing in for MySQL. */
class MySqlSummaryChainContractTest extends SqlSummaryChainContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("SummaryChain");

    @Override
    JdbcStores jdbcStores() {
        return STORES;
    }
}
