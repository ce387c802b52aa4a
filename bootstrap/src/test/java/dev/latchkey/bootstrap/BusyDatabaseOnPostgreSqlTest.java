package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.persistence.testsupport.TestServer;

/** {@link BusyDatabaseTest} on PostgreSQL. */
class BusyDatabaseOnPostgreSqlTest extends BusyDatabaseTest {

    @Override
    TestServer server() {
        return TestServer.POSTGRESQL;
    }
}
