package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.Api;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import dev.latchkey.domain.apikey.KeyPrefix;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole application, as {@code @MicronautTest} starts it, on a fresh database of {@link #server()} (MySQL unless a
 * subclass runs on PostgreSQL), with a bootstrap admin key: what the end-to-end tests share. Each names its database
 * and its pepper, and adds the properties that are its own.
 */
abstract class ApplicationOnFreshDatabase implements TestPropertyProvider {

    /** The bootstrap admin key of this test's application. */
    final String adminKey = Application.newKey(KeyPrefix.DEFAULT);
    /** The header that presents {@link #adminKey}. */
    final String[] admin = {"X-API-Key", adminKey};

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    /** The database this test's application runs on, created when Micronaut asks for the properties. */
    TestDatabase database;

    private final String databaseName;
    private final String pepper;
    private final Map<String, String> moreProperties;

    /**
     * The application on a fresh database whose name starts with {@code databaseName}, with {@code pepper} (one per
     * test) and {@code moreProperties} added to the database and the admin key.
     */
    ApplicationOnFreshDatabase(String databaseName, String pepper, Map<String, String> moreProperties) {
        this.databaseName = databaseName;
        this.pepper = pepper;
        this.moreProperties = moreProperties;
    }

    /** The database server the application runs on: only the URL tells it which database that is. */
    TestServer server() {
        return TestServer.MYSQL;
    }

    @Override
    public final Map<String, String> getProperties() {
        database = server().freshDatabase(databaseName);
        Map<String, String> properties = new HashMap<>(Map.of(
                "datasources.default.url", database.url(),
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password(),
                "latchkey.pepper", pepper,
                "latchkey.bootstrap-admin-key", adminKey));
        properties.putAll(moreProperties);
        return properties;
    }

    /** A client of this test's application. */
    Api api() {
        return new Api(server.getURI(), json);
    }

    /** Creates a user named {@code name} as the admin: its id. */
    String user(String name) {
        Api.Response created = api().post("/v1/users", "{\"name\":\"" + name + "\"}", admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return (String) created.field("id");
    }

    /** Issues a key to {@code userId} as the admin, with the JSON members {@code keyRequest}: what the API answered. */
    Map<String, Object> issue(String userId, String keyRequest) {
        Api.Response issued = api().post("/v1/users/" + userId + "/keys", keyRequest, admin);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }
}
