package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

/**
 * What the statements a JDBC store writes by hand are run with: {@code jdbc}, on the connection of the current
 * {@code @Connectable} or {@code @Transactional} method; {@code vendor}, the dialect of the URL for the statements
 * that differ; {@code background}, the longer timeouts of background work and scans. One bean, so that every store is
 * built from the same three.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
record StoreSql(JdbcOperations jdbc, DatabaseVendor vendor, BackgroundStatements background) {
}
