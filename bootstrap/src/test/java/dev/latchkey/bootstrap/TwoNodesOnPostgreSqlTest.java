package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.persistence.testsupport.TestServer;

/** {@link TwoNodesTest} on PostgreSQL: the change feed keeps two nodes' caches within the bound there too. */
class TwoNodesOnPostgreSqlTest extends TwoNodesTest {

    @Override
    TestServer server() {
        return TestServer.POSTGRESQL;
    }
}
