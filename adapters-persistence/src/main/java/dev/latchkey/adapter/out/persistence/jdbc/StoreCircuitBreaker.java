package dev.latchkey.adapter.out.persistence.jdbc;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.latchkey.adapter.out.persistence.ConnectionLane;
import dev.latchkey.application.port.out.store.StoreUnavailable;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.ConnectionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops requests from piling up on a database that cannot be reached. The first call that fails to reach it opens
 * the breaker (a statement the database stopped for running too long did reach it, and does not): from then on every store call fails at once with {@link StoreUnavailable} (503), without taking a
 * thread or a connection, while one background thread probes the database every {@code probe-interval}. The first
 * probe that gets a valid connection (an answer within a request's read timeout: a busy database is reachable) closes
 * the breaker. Each change of state is logged once, in one line.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
public final class StoreCircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCircuitBreaker.class);

    /** Why and since when the store is unreachable. */
    private record Outage(Instant since, Throwable cause) {
    }

    private final ConnectionOperations<Connection> connections;
    private final Duration probeInterval;
    private final int probeTimeoutSeconds;
    private final Clock clock;
    private final AtomicReference<Outage> outage = new AtomicReference<>();
    private volatile long lastAnswerNanos = System.nanoTime();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("store-probe").setDaemon(true).build());

    StoreCircuitBreaker(ConnectionOperations<Connection> connections, DatasourceTuning tuning,
                        @Value("${latchkey.store-probe-interval:250ms}") Duration probeInterval,
                        Optional<Clock> clock) {
        this.connections = connections;
        this.probeInterval = probeInterval;
        // the probe waits for an answer as long as a request's statement does (its read timeout): a database that
        // answers a round trip in about the store timeout is busy, and reachable (a 1 s wait never saw it again)
        this.probeTimeoutSeconds = (int) tuning.validationTimeout(ConnectionLane.REQUESTS).toSeconds();
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /** Whether store calls are refused at once, because the last attempt to reach the store failed. */
    public boolean isOpen() {
        return outage.get() != null;
    }

    /** Since when the store is unreachable, while the breaker is open. */
    public Optional<Instant> openSince() {
        return Optional.ofNullable(outage.get()).map(Outage::since);
    }

    /**
     * How long ago a store call last completed. The change feed reads the store five times a second, so a silence of
     * more than a fraction of a second means the database is not answering, before any call has timed out.
     */
    public Duration sinceLastAnswer() {
        return Duration.ofNanos(System.nanoTime() - lastAnswerNanos);
    }

    /** A store call completed (with a result, or with an error the database sent). */
    void answered() {
        lastAnswerNanos = System.nanoTime();
    }

    /** Throws {@link StoreUnavailable} at once while the breaker is open. */
    void ensureClosed() {
        Outage current = outage.get();
        if (current != null) {
            throw new StoreUnavailable(current.cause());
        }
    }

    /** A store call failed to reach the database: open the breaker (once) and start probing. */
    void tripped(Throwable cause) {
        Outage opened = new Outage(clock.instant(), cause);
        if (outage.compareAndSet(null, opened)) {
            LOG.warn("store: unreachable ({}); calls that need it answer 503 until a probe reaches it again",
                    describe(cause));
            LOG.debug("store: the call that found it unreachable", cause);
            prober.schedule(this::probe, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void probe() {
        Outage current = outage.get();
        if (current == null) {
            return;
        }
        try {
            if (connections.executeRead(status -> isValid(status.getConnection()))) {
                answered();
                outage.set(null);
                LOG.info("store: reachable again after {} s", Duration.between(current.since(), clock.instant())
                        .toMillis() / 1000.0);
                return;
            }
        } catch (Exception stillDown) {
            // still unreachable: logged once when the breaker opened
        }
        if (!prober.isShutdown()) {
            prober.schedule(this::probe, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean isValid(Connection connection) {
        try {
            return connection.isValid(probeTimeoutSeconds);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /** The exception's class and the innermost message, never a stack trace (the driver's messages hold no data). */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + message;
    }

    @PreDestroy
    void close() {
        prober.shutdownNow();
    }
}
