package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit chain contract on MariaDB, standing in for MySQL. */
class MySqlAuditChainContractTest extends SqlAuditChainContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("AuditChain");

    @Override
    JdbcStores jdbcStores() {
        return STORES;
    }
}
