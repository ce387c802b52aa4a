package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;

/** {@link AccountingTest} on PostgreSQL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountingOnPostgreSqlTest extends AccountingTest {

    @Override
    TestServer server() {
        return TestServer.POSTGRESQL;
    }
}
