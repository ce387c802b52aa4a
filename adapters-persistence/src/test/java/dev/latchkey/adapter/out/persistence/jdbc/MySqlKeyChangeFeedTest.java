package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The change feed on MySQL (or MariaDB: the test server). */
class MySqlKeyChangeFeedTest extends KeyChangeFeedCases {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("KeyChanges");

    @Override
    JdbcStores stores() {
        return STORES;
    }
}
