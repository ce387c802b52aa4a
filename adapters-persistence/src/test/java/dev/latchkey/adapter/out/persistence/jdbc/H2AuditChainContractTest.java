package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit chain contract on H2, in the embedded default's MySQL mode. */
class H2AuditChainContractTest extends SqlAuditChainContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("AuditChain");

    @Override
    JdbcStores jdbcStores() {
        return STORES;
    }
}
