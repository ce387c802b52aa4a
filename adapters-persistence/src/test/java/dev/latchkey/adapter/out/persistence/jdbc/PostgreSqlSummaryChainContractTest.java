package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The summaries' chain contract on PostgreSQL. */
class PostgreSqlSummaryChainContractTest extends SqlSummaryChainContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("SummaryChain");

    @Override
    JdbcStores jdbcStores() {
        return STORES;
    }
}
