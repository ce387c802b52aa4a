package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.adapter.out.persistence.testsupport.CuttableTcpProxy;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.adapter.out.persistence.testsupport.TestServer;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A lost database surfaces from every JDBC port as {@link StoreUnavailable}, and the ports recover with it. */
class JdbcStoreOutageTest {

    private static final UserId SOMEONE = new UserId("01a20500-14f8-749d-b734-6677a3055c10");

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestServer.class)
    void reportsALostDatabaseAsStoreUnavailableAndRecovers(TestServer server) throws Exception {
        TestDatabase database = server.freshDatabase("outage");
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(database.host(), database.port());
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "datasources.default.url", database.urlThrough(proxy),
                     "datasources.default.username", database.user(),
                     "datasources.default.password", database.password(),
                     "datasources.default.connection-timeout", 1000,
                     "flyway.datasources.default.enabled", true))) {
            Users users = context.getBean(Users.class);
            ApiKeys apiKeys = context.getBean(ApiKeys.class);
            VerifiableKeys verifiableKeys = context.getBean(VerifiableKeys.class);
            assertThat(users.findById(SOMEONE)).isEmpty();

            proxy.cut();

            assertThatThrownBy(() -> users.findById(SOMEONE)).isInstanceOf(StoreUnavailable.class);
            assertThatThrownBy(() -> users.listAfter(Optional.empty(), 1)).isInstanceOf(StoreUnavailable.class);
            assertThatThrownBy(() -> apiKeys.findById(new KeyId("AAAAAAAAAAAA"))).isInstanceOf(StoreUnavailable.class);
            assertThatThrownBy(() -> verifiableKeys.findForVerification(new KeyId("AAAAAAAAAAAA")))
                    .isInstanceOf(StoreUnavailable.class);

            proxy.restore();

            // the pool drops each dead connection on its next use, then connects anew
            Optional<?> recovered = null;
            for (int attempt = 0; attempt < 50 && recovered == null; attempt++) {
                try {
                    recovered = users.findById(SOMEONE);
                } catch (StoreUnavailable stillStale) {
                    Thread.sleep(100);
                }
            }
            assertThat(recovered).as("recovered after the database returned").isEmpty();
        }
    }
}
