package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A change holds on this node once it returns, whatever missed the cache meanwhile: on MySQL (or MariaDB: the test
 * server).
 */
class MySqlEvictionAfterCommitTest extends EvictionAfterCommitCases {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("EvictionAfterCommit");

    @Override
    JdbcStores stores() {
        return STORES;
    }
}
