package dev.latchkey.adapter.out.persistence.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.adapter.out.persistence.ConnectionLane;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Gives the change feed and the background writers connections of their own (see {@link ConnectionLane}): the
 * default datasource becomes a router that hands each thread a connection from its lane's pool. The request pool is
 * the datasource Micronaut configures from {@code datasources.default}; the feed's ({@code latchkey.store-pools.feed},
 * 2 connections) and the background writers' ({@code latchkey.store-pools.background}, 5) are small HikariCP pools to
 * the same URL with the same credentials and driver properties, but with their lane's time budget
 * ({@link DatasourceTuning#statementTimeout(ConnectionLane)}), created on their lane's first connection. So a feed
 * read never waits for a connection behind requests or writers, and a busy database slows the feed and the writers
 * down without failing them. A lane sized 0 shares the request pool.
 *
 * <p>Runs before Micronaut Data wraps the datasource (its wrapper is unwrapped again for the connection managers),
 * so that transactions and {@code @Connectable} methods open their connection through the router.
 */
@Singleton
final class LanePools implements BeanCreatedEventListener<DataSource>, Ordered {

    private final DatasourceTuning tuning;
    private final Map<ConnectionLane, Integer> sizes = new EnumMap<>(ConnectionLane.class);
    private final Map<ConnectionLane, HikariDataSource> pools = new EnumMap<>(ConnectionLane.class);
    /** Set once the pools are closed: none is created after that. Guarded by {@code pools}. */
    private boolean closed;

    LanePools(DatasourceTuning tuning,
              @Value("${latchkey.store-pools.feed:2}") int feed,
              @Value("${latchkey.store-pools.background:5}") int background) {
        if (feed < 0 || background < 0) {
            throw new IllegalArgumentException("latchkey.store-pools.feed and .background must not be negative");
        }
        this.tuning = tuning;
        sizes.put(ConnectionLane.FEED, feed);
        sizes.put(ConnectionLane.BACKGROUND, background);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        if (!"default".equalsIgnoreCase(event.getBeanIdentifier().getName())
                || !(event.getBean() instanceof HikariDataSource requests)) {
            return event.getBean();
        }
        return new Router(requests);
    }

    /** Whose pool {@code lane}'s connections come from: its own, or the request pool's when it is sized 0. */
    ConnectionLane poolOf(ConnectionLane lane) {
        return lane == ConnectionLane.REQUESTS || sizes.get(lane) == 0 ? ConnectionLane.REQUESTS : lane;
    }

    /** The pool of {@code lane}, created on first use; the request pool for lanes sized 0. */
    private DataSource pool(ConnectionLane lane, HikariDataSource requests) throws SQLException {
        if (lane == ConnectionLane.REQUESTS || sizes.get(lane) == 0) {
            return requests;
        }
        synchronized (pools) {
            if (closed) {
                // a feed poll or a writer still running after shutdown must not open a pool nothing would close
                throw new SQLTransientConnectionException("the " + lane + " connection pool is closed");
            }
            return pools.computeIfAbsent(lane, created -> new HikariDataSource(config(requests, created)));
        }
    }

    /** The request pool's settings, with {@code lane}'s size, name and time budget. */
    HikariConfig config(HikariConfig requests, ConnectionLane lane) {
        int size = sizes.get(lane);
        HikariConfig config = new HikariConfig();
        config.setPoolName(requests.getPoolName() + "-" + lane.name().toLowerCase(java.util.Locale.ROOT));
        config.setJdbcUrl(requests.getJdbcUrl());
        config.setUsername(requests.getUsername());
        config.setPassword(requests.getPassword());
        if (requests.getDriverClassName() != null) {
            config.setDriverClassName(requests.getDriverClassName());
        }
        config.setCatalog(requests.getCatalog());
        config.setSchema(requests.getSchema());
        config.setAutoCommit(requests.isAutoCommit());
        config.setReadOnly(requests.isReadOnly());
        config.setTransactionIsolation(requests.getTransactionIsolation());
        config.setConnectionInitSql(requests.getConnectionInitSql());
        config.setConnectionTestQuery(requests.getConnectionTestQuery());
        config.setMaxLifetime(requests.getMaxLifetime());
        config.setKeepaliveTime(requests.getKeepaliveTime());
        // the lane's time budget holds for checking a connection too: a slow answer is not a dead connection
        config.setValidationTimeout(tuning.validationTimeout(lane).toMillis());
        config.setLeakDetectionThreshold(requests.getLeakDetectionThreshold());
        config.setIsolateInternalQueries(requests.isIsolateInternalQueries());
        if (requests.getExceptionOverrideClassName() != null) {
            config.setExceptionOverrideClassName(requests.getExceptionOverrideClassName());
        }
        if (requests.getMetricRegistry() != null) {
            config.setMetricRegistry(requests.getMetricRegistry());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(tuning.connectTimeout(lane).toMillis());
        // the request pool has already found the database (or failed the start): this one fills in the background
        config.setInitializationFailTimeout(-1);
        config.setDataSourceProperties(properties(requests, lane));
        return config;
    }

    /**
     * The request pool's driver properties, with the lane's timeouts where the request pool has the tuning's
     * defaults: a value set in the URL or in {@code data-source-properties} holds for every lane.
     */
    private Properties properties(HikariConfig requests, ConnectionLane lane) {
        Properties properties = new Properties();
        properties.putAll(requests.getDataSourceProperties());
        String url = requests.getJdbcUrl();
        Map<String, String> requestDefaults = tuning.driverDefaults(url, ConnectionLane.REQUESTS);
        tuning.driverDefaults(url, lane).forEach((name, value) -> {
            if (requestDefaults.get(name).equals(properties.getProperty(name))) {
                properties.setProperty(name, value);
            }
        });
        return properties;
    }

    @PreDestroy
    void close() {
        synchronized (pools) {
            closed = true;
            pools.values().forEach(HikariDataSource::close);
            pools.clear();
        }
    }

    /** The default datasource: each connection from the pool of the calling thread's lane. */
    private final class Router implements ForwardingDataSource, AutoCloseable {

        private final HikariDataSource requests;

        Router(HikariDataSource requests) {
            this.requests = requests;
        }

        @Override
        public DataSource target() {
            return requests;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return pool(ConnectionLane.current(), requests).getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return pool(ConnectionLane.current(), requests).getConnection(username, password);
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(requests) ? type.cast(requests) : requests.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(requests) || requests.isWrapperFor(type);
        }

        @Override
        public void close() {
            LanePools.this.close();
            requests.close();
        }
    }
}
