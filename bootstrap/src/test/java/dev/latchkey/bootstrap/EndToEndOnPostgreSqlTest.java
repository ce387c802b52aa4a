package dev.latchkey.bootstrap;

import dev.latchkey.domain.access.Caller;
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
        // PostgreSQL's driver counts in whole seconds: 900 ms rounded up
        return Map.of("socketTimeout", "1", "connectTimeout", "1");
    }
}
