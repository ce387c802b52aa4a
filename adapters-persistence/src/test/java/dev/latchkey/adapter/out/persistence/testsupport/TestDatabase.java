package dev.latchkey.adapter.out.persistence.testsupport;

import java.net.URI;

/**
 * A database of its own for one test class, on one of the test servers ({@link MySqlTestServer},
 * {@link PostgreSqlTestServer}).
 */
public record TestDatabase(String url, String user, String password, String name) {

    /** The same database reached through {@code proxy} instead of directly. */
    public String urlThrough(CuttableTcpProxy proxy) {
        URI direct = URI.create(url.substring("jdbc:".length()));
        return url.replace(direct.getHost() + ":" + direct.getPort() + "/", "127.0.0.1:" + proxy.port() + "/");
    }

    public String host() {
        return URI.create(url.substring("jdbc:".length())).getHost();
    }

    public int port() {
        return URI.create(url.substring("jdbc:".length())).getPort();
    }
}
