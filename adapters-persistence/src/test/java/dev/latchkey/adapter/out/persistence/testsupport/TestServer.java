package dev.latchkey.adapter.out.persistence.testsupport;

import java.util.function.Function;

/** The database servers the tests run on, for tests that run on each ({@code @EnumSource(TestServer.class)}). */
public enum TestServer {

    /** MySQL 8 or MariaDB 10.11: {@link MySqlTestServer}. */
    MYSQL("MySQL", MySqlTestServer::freshDatabase),
    /** PostgreSQL: {@link PostgreSqlTestServer}. */
    POSTGRESQL("PostgreSQL", PostgreSqlTestServer::freshDatabase);

    private final String label;
    private final Function<String, TestDatabase> databases;

    TestServer(String label, Function<String, TestDatabase> databases) {
        this.label = label;
        this.databases = databases;
    }

    /** A fresh, empty database on this server, named after {@code purpose}, dropped when the JVM ends. */
    public TestDatabase freshDatabase(String purpose) {
        return databases.apply(purpose);
    }

    @Override
    public String toString() {
        return label;
    }
}
