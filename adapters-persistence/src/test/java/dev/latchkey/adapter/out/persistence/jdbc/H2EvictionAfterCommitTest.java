package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** A change holds on this node once it returns, whatever missed the cache meanwhile: on the embedded H2. */
class H2EvictionAfterCommitTest extends EvictionAfterCommitCases {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("EvictionAfterCommit");

    @Override
    JdbcStores stores() {
        return STORES;
    }
}
