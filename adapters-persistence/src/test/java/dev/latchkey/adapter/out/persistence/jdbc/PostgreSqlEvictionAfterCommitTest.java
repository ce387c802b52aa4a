package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** A change holds on this node once it returns, whatever missed the cache meanwhile: on PostgreSQL. */
class PostgreSqlEvictionAfterCommitTest extends EvictionAfterCommitCases {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("EvictionAfterCommit");

    @Override
    JdbcStores stores() {
        return STORES;
    }
}
