package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.store.Leases;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * Leases in the {@code leases} table, one row per name (created by the migrations): one conditional update takes a
 * free or expired lease, or renews the holder's own, so of several nodes asking at once exactly one holds it.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcLeases implements Leases {

    private final JdbcOperations jdbc;

    JdbcLeases(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One statement in autocommit: a background call that a frozen database must not turn into a failed commit. */
    @Override
    @Connectable
    public boolean hold(String name, String holder, Instant now, Duration ttl) {
        return jdbc.prepareStatement("UPDATE leases SET holder = ?, expires_at = ? WHERE name = ?"
                + " AND (holder = ? OR expires_at < ?)", statement -> {
                    statement.setString(1, holder);
                    statement.setObject(2, RowMapping.toUtc(now.plus(ttl)));
                    statement.setString(3, name);
                    statement.setString(4, holder);
                    statement.setObject(5, RowMapping.toUtc(now));
                    return statement.executeUpdate();
                }) == 1;
    }
}
