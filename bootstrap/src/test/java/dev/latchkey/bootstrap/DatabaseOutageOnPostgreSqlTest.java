package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.persistence.testsupport.TestServer;

/**
 * {@link DatabaseOutageTest} on PostgreSQL, whose driver counts its read timeout in whole seconds: a store timeout of
 * 1 s gives it 1 s (not 900 ms), still within the test's margins.
 */
class DatabaseOutageOnPostgreSqlTest extends DatabaseOutageTest {

    @Override
    TestServer server() {
        return TestServer.POSTGRESQL;
    }
}
