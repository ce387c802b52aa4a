package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.PostgreSqlTestServer;
import dev.latchkey.adapter.out.persistence.testsupport.TestDatabase;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JDBC adapter in a Micronaut context on a fresh database, migrated by Flyway: a JUnit extension that starts
 * once per test class ({@code @RegisterExtension static}) and stops after it. On MySQL (or MariaDB: the test server),
 * with {@link #onH2} on an in-memory H2 in the embedded default's MySQL mode, with {@link #onPostgreSql} on
 * PostgreSQL. Only the URL differs: the dialect and the migrations follow it.
 */
final class JdbcStores implements BeforeAllCallback, AfterAllCallback {

    private static final String ZERO_HASH = "0".repeat(64);

    /** The embedded default's settings (application.yml), in memory instead of in a file. */
    private static final String H2_MODE = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";

    private final String purpose;
    private final Map<String, Object> settings;
    private final Function<String, TestDatabase> databases;
    private ApplicationContext context;
    private Class<?> owner;
    private TestDatabase database;

    JdbcStores(String purpose) {
        this(purpose, Map.of());
    }

    /** With more configuration, e.g. driver properties. */
    JdbcStores(String purpose, Map<String, Object> settings) {
        this(purpose, settings, MySqlTestServer::freshDatabase);
    }

    private JdbcStores(String purpose, Map<String, Object> settings,
                       Function<String, TestDatabase> databases) {
        this.purpose = purpose;
        this.settings = settings;
        this.databases = databases;
    }

    /** On a fresh in-memory H2 database, as the embedded default runs (MySQL mode). */
    static JdbcStores onH2(String purpose) {
        return new JdbcStores(purpose, Map.of(), name -> {
            String database = "lk_" + name.toLowerCase(java.util.Locale.ROOT) + "_" + UUID.randomUUID();
            return new TestDatabase("jdbc:h2:mem:" + database + H2_MODE + ";DB_CLOSE_DELAY=-1", "sa", "",
                    database);
        });
    }

    /** On a fresh database of the PostgreSQL test server. */
    static JdbcStores onPostgreSql(String purpose) {
        return new JdbcStores(purpose, Map.of(), PostgreSqlTestServer::freshDatabase);
    }

    /**
     * JUnit calls a class's before-all and after-all extensions for each of its {@code @Nested} classes too: the
     * class that registered this one starts and stops the context, its nested classes share it.
     */
    @Override
    public void beforeAll(ExtensionContext extension) {
        if (owner != null) {
            return;
        }
        owner = extension.getRequiredTestClass();
        database = databases.apply(purpose);
        Map<String, Object> configuration = new java.util.HashMap<>(settings);
        configuration.putAll(Map.of(
                "datasources.default.url", database.url(),
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password(),
                "flyway.datasources.default.enabled", true,
                TestWebhookSecretBox.ENABLED, true));
        context = ApplicationContext.run(configuration);
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        if (extension.getRequiredTestClass() != owner) {
            return;
        }
        context.close();
        owner = null;
    }

    /** The database the stores use. */
    TestDatabase database() {
        return database;
    }

    /** A bean of the adapter's context. */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The stores with every row deleted. */
    Stores empty() {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM key_notices");
            statement.executeUpdate("DELETE FROM key_networks");
            statement.executeUpdate("DELETE FROM webhook_deliveries");
            statement.executeUpdate("DELETE FROM webhook_events");
            statement.executeUpdate("DELETE FROM webhook_endpoints");
            statement.executeUpdate("UPDATE leases SET holder = '', expires_at = '1970-01-01 00:00:00'");
            statement.executeUpdate("DELETE FROM key_changes");
            statement.executeUpdate("DELETE FROM audit_events");
            statement.executeUpdate("UPDATE audit_chain_head SET head_seq = 0, head_hash = '0000000000000000000000000000000000000000000000000000000000000000', purged_seq = 0,"
                    + " purged_hash = '0000000000000000000000000000000000000000000000000000000000000000', chained_after_id = 0,"
                    + " chained_after_at = TIMESTAMP '1970-01-01 00:00:00', purged_at = NULL");
            statement.executeUpdate("DELETE FROM verification_summaries");
            statement.executeUpdate("DELETE FROM honeytoken_presentations");
            statement.executeUpdate("DELETE FROM verification_summary_links");
            statement.executeUpdate("UPDATE verification_summary_chain SET head_seq = 0, head_hash = '" + ZERO_HASH
                    + "', purged_seq = 0, purged_hash = '" + ZERO_HASH + "', purged_before = '1970-01-01 00:00:00',"
                    + " chained_from = '1970-01-01 00:00:00', sealed_before = '1970-01-01 00:00:00'");
            statement.executeUpdate("DELETE FROM key_usage");
            statement.executeUpdate("DELETE FROM api_keys");
            statement.executeUpdate("DELETE FROM users");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Stores(context.getBean(Users.class), context.getBean(ApiKeys.class),
                context.getBean(VerifiableKeys.class), context.getBean(UsageQuotas.class),
                context.getBean(AuditEventStore.class), context.getBean(UsageStore.class),
                context.getBean(Transactions.class), context.getBean(WebhookEndpoints.class),
                context.getBean(WebhookOutbox.class), context.getBean(Leases.class),
                context.getBean(KeyNotices.class), context.getBean(VerificationSummaryStore.class),
                context.getBean(HoneytokenPresentations.class));
    }
}
