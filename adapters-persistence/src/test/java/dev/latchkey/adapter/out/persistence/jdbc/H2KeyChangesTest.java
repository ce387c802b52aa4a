package dev.latchkey.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change feed, and a change that holds on this node once it returns, whatever missed the cache meanwhile:
 * on the embedded H2.
 */
class H2KeyChangesTest {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("KeyChanges");

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
