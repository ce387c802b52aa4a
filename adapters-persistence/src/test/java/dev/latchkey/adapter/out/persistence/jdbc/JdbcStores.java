package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.testsupport.MySqlTestServer;
import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.Users;
import dev.latchkey.application.port.out.VerifiableKeys;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** The JDBC adapter in a Micronaut context on a fresh MySQL database, migrated by Flyway. */
final class JdbcStores implements AutoCloseable {

    private final ApplicationContext context;
    private final MySqlTestServer.Database database;

    private JdbcStores(ApplicationContext context, MySqlTestServer.Database database) {
        this.context = context;
        this.database = database;
    }

    static JdbcStores start(String purpose) {
        MySqlTestServer.Database database = MySqlTestServer.freshDatabase(purpose);
        return new JdbcStores(ApplicationContext.run(Map.of(
                "datasources.default.url", database.url(),
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password(),
                "datasources.default.dialect", "MYSQL",
                "flyway.datasources.default.enabled", true)), database);
    }

    /** The stores with every row deleted. */
    Stores empty() {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM api_keys");
            statement.executeUpdate("DELETE FROM users");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Stores(context.getBean(Users.class), context.getBean(ApiKeys.class),
                context.getBean(VerifiableKeys.class));
    }

    @Override
    public void close() {
        context.close();
    }
}
