package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Map;
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

    /** A well-formed key that was never issued (of the default prefix). */
    static String unknownKey() {
        return ApiKeyToken.generate(KeyPrefix.DEFAULT, new SecureRandom()).value();
    }

    /** The header that presents a new key with {@code scopes}, of a new user (made through the use cases). */
    String[] keyHeaders(String... scopes) {
        return new String[] {"X-API-Key", Api.keyWithScopes(registerUser, issueApiKey, scopes)};
    }

    /** A key issued to {@code userId} with {@code body} (a NewKey), as answered: the 201's fields. */
    Map<String, Object> issueKey(String[] caller, String userId, String body) {
        Api.Response issued = api.post("/v1/users/" + userId + "/keys", body, caller);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    /** The id of a new user named {@code name}, created through the API with {@code caller}'s key. */
    String newUser(String[] caller, String name) {
        return (String) api.post("/v1/users", "{\"name\":\"" + name + "\"}", caller).field("id");
    }
}
