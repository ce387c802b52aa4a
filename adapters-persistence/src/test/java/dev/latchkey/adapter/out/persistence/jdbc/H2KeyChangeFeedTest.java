package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The change feed on the embedded H2. */
class H2KeyChangeFeedTest extends KeyChangeFeedCases {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("KeyChanges");

    @Override
    JdbcStores stores() {
        return STORES;
    }
}
