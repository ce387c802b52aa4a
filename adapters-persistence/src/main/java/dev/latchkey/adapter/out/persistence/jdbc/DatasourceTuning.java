package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.ConnectionLane;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.event.BeanInitializedEventListener;
import io.micronaut.context.event.BeanInitializingEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Defaults for the database pool and driver, applied as the datasource is created.
 * <ul>
 *   <li>The store timeout ({@code latchkey.store-timeout}, 1 s): 90% of it is how long a request waits for a pooled
 *   connection, for the server to accept a connection, and for a statement to finish: the server stops a statement
 *   that runs longer ({@link StatementTimeouts}), which fails that call alone (a slow statement is not an outage).
 *   Background work gets {@link BackgroundStatements#TIMEOUT} instead.
 *   <li>A server that sends nothing at all for twice that (the read timeout) is lost: the connection fails, which
 *   opens the breaker. The pool's check of an idle connection waits as long ({@link #validationTimeout}): a busy
 *   database's slow answer to it is not a lost connection either. A stalled database is then a 503 within twice the
 *   store timeout, never a hang (migrations are exempt: see {@link VendorMigrations}).
 *   On PostgreSQL the driver counts the connect and read timeouts in whole seconds: they are rounded up.
 *   <li>On MySQL (Connector/J) and MariaDB, the one indexed read of a cache miss is made cheap: prepared statements
 *   cached on the client and the server, no round trip for session state the driver already knows. PostgreSQL's
 *   driver prepares a statement on the server by itself once it has run a few times.
 * </ul>
 * Anything set in the URL or in {@code datasources.default.data-source-properties} wins over the driver defaults.
 * The embedded H2 takes only the pool's timeouts.
 */
@Singleton
class DatasourceTuning implements BeanInitializedEventListener<DatasourceConfiguration>,
        BeanCreatedEventListener<DatasourceConfiguration> {

    static final Map<String, String> STATEMENT_CACHING = Map.of(
            "cachePrepStmts", "true",
            "prepStmtCacheSize", "250",
            "prepStmtCacheSqlLimit", "2048",
            "useServerPrepStmts", "true",
            "useLocalSessionState", "true",
            "cacheResultSetMetadata", "true",
            "cacheServerConfiguration", "true",
            "elideSetAutoCommits", "true",
            "maintainTimeStats", "false");

    /** HikariCP refuses shorter connection and validation timeouts. */
    private static final long HIKARI_MINIMUM_MILLIS = 250;

    /** The default of {@code latchkey.cache.feed-timeout}: the change feed's time budget. */
    static final Duration DEFAULT_FEED_TIMEOUT = Duration.ofSeconds(5);
    /** How long the background lane waits for a pooled connection and for a connection to open. */
    static final Duration BACKGROUND_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final long timeoutMillis;
    private final long feedTimeoutMillis;

    /**
     * The pool, the connect and the statement wait 90% of the store timeout, so that the 503 itself (the problem, the
     * write) also fits in it; the read timeout is twice that, so that a slow statement is stopped by the server
     * (and fails alone) before the client would take its silence for a lost database. The change feed's lane waits
     * its own {@code feedTimeout} instead, and the background lane {@link BackgroundStatements#TIMEOUT} for a
     * statement (see {@link #statementTimeout(ConnectionLane)}).
     */
    @Inject
    DatasourceTuning(@Value("${latchkey.store-timeout:1s}") Duration storeTimeout,
                     @Value("${latchkey.cache.feed-timeout:5s}") Duration feedTimeout) {
        this.timeoutMillis = Math.max(HIKARI_MINIMUM_MILLIS, storeTimeout.toMillis() * 9 / 10);
        this.feedTimeoutMillis = Math.max(HIKARI_MINIMUM_MILLIS, feedTimeout.toMillis());
    }

    DatasourceTuning(Duration storeTimeout) {
        this(storeTimeout, DEFAULT_FEED_TIMEOUT);
    }

    /** How long a request's statement may run before the database stops it. */
    Duration statementTimeout() {
        return Duration.ofMillis(timeoutMillis);
    }

    /**
     * How long a statement of {@code lane} may run before the database stops it: a request's, 90% of the store
     * timeout; the change feed's, {@code latchkey.cache.feed-timeout}; background work's,
     * {@link BackgroundStatements#TIMEOUT}. The read timeout of the lane's connections is twice that.
     */
    Duration statementTimeout(ConnectionLane lane) {
        return switch (lane) {
            case REQUESTS -> statementTimeout();
            case FEED -> Duration.ofMillis(feedTimeoutMillis);
            case BACKGROUND -> BackgroundStatements.TIMEOUT;
        };
    }

    /** How long {@code lane} waits for a pooled connection, and for the server to accept a new one. */
    Duration connectTimeout(ConnectionLane lane) {
        return switch (lane) {
            case REQUESTS -> statementTimeout();
            case FEED -> Duration.ofMillis(feedTimeoutMillis);
            case BACKGROUND -> BACKGROUND_CONNECT_TIMEOUT;
        };
    }

    /**
     * How long {@code lane}'s pool waits for a connection it checks (one idle for more than half a second, as it is
     * handed out) to answer: the lane's read timeout, rounded up to whole seconds (the drivers take
     * {@code Connection.isValid}'s timeout in seconds, and PostgreSQL's read timeout is in seconds too). A connection
     * that answers later is dropped, and the pool reports it as a connection failure: the check must take only a
     * silence that the lane's statements would take for a lost database too, never a busy database's slow answer
     * (a 450 ms check dropped every checked connection of a database 1 s away, and opened the breaker).
     */
    Duration validationTimeout(ConnectionLane lane) {
        long readMillis = 2 * statementTimeout(lane).toMillis();
        return Duration.ofSeconds((readMillis + 999) / 1000);
    }

    /** The driver properties of the request pool for {@code url}: none for the embedded H2. */
    Map<String, String> driverDefaults(String url) {
        return driverDefaults(url, ConnectionLane.REQUESTS);
    }

    /** The driver properties of {@code lane}'s pool for {@code url}: none for the embedded H2. */
    Map<String, String> driverDefaults(String url, ConnectionLane lane) {
        long connectMillis = connectTimeout(lane).toMillis();
        long readMillis = 2 * statementTimeout(lane).toMillis();
        Map<String, String> defaults = new HashMap<>();
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            defaults.putAll(STATEMENT_CACHING);
            defaults.put("connectTimeout", Long.toString(connectMillis));
            defaults.put("socketTimeout", Long.toString(readMillis));
        } else if (DatabaseVendor.ofUrl(url) == DatabaseVendor.POSTGRESQL) {
            defaults.put("connectTimeout", Long.toString((connectMillis + 999) / 1000));
            defaults.put("socketTimeout", Long.toString((readMillis + 999) / 1000));
            defaults.put("ApplicationName", "latchkey");
        }
        defaults.putAll(StatementTimeouts.driverProperties(url, statementTimeout(lane)));
        return defaults;
    }

    /**
     * Before the pool looks for a driver: a URL of a database Latchkey does not run on is refused with the ones it
     * does, rather than with the pool's "failed to load driver class".
     */
    @Override
    public DatasourceConfiguration onInitialized(BeanInitializingEvent<DatasourceConfiguration> event) {
        String url = event.getBean().getUrl();
        if (url != null) {
            DatabaseVendor.ofUrl(url);
        }
        return event.getBean();
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration configuration = event.getBean();
        configuration.setConnectionTimeout(timeoutMillis);
        configuration.setValidationTimeout(validationTimeout(ConnectionLane.REQUESTS).toMillis());
        String url = configuration.getUrl();
        if (url != null) {
            driverDefaults(url).forEach((name, value) -> {
                if (!url.contains(name + "=") && !configuration.getDataSourceProperties().containsKey(name)) {
                    configuration.addDataSourceProperty(name, value);
                }
            });
        }
        return configuration;
    }
}
