package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit chain contract on PostgreSQL. */
class PostgreSqlAuditChainContractTest extends SqlAuditChainContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("AuditChain");

    @Override
    JdbcStores jdbcStores() {
        return STORES;
    }
}
