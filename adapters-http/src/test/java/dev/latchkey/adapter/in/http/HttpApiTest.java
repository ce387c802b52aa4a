package dev.latchkey.adapter.in.http;

import dev.latchkey.application.port.in.IssueApiKey;
import dev.latchkey.application.port.in.RegisterUser;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/** What every HTTP test of the adapter has: the running server, a plain client, and the use cases to set up data. */
abstract class HttpApiTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    RegisterUser registerUser;
    @Inject
    IssueApiKey issueApiKey;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(server, json);
    }
}
