package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The change feed on PostgreSQL. */
class PostgreSqlKeyChangeFeedTest extends KeyChangeFeedCases {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("KeyChanges");

    @Override
    JdbcStores stores() {
        return STORES;
    }
}
