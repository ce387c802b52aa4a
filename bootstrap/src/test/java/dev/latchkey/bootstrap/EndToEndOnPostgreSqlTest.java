package dev.latchkey.bootstrap;

import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;

/** {@link EndToEndTest} on PostgreSQL: the same application, only the URL differs. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndOnPostgreSqlTest extends EndToEndTest {

    @Override
    TestServer server() {
        return TestServer.POSTGRESQL;
    }

    @Override
    Map<String, String> expectedDriverProperties() {
        // PostgreSQL's driver counts in whole seconds, rounded up: 900 ms to connect, 1800 ms to read; the server
        // counts the statement timeout in milliseconds
        return Map.of("socketTimeout", "2", "connectTimeout", "1", "options", "-c statement_timeout=900");
    }
}
