package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change feed, and a change that holds on this node once it returns, whatever missed the cache meanwhile:
 * on MySQL (or MariaDB: the test server).
 */
class MySqlKeyChangesTest {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("KeyChanges");

    @Nested
    class Feed extends KeyChangeFeedCases {
        Feed() {
            super(STORES);
        }
    }

    @Nested
    class EvictionAfterCommit extends EvictionAfterCommitCases {
        EvictionAfterCommit() {
            super(STORES);
        }
    }
}
