package dev.latchkey.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops one warning of a first start on MySQL and MariaDB: the migrations name their primary keys
 * ({@code CONSTRAINT pk_users PRIMARY KEY}, as PostgreSQL and H2 keep), MySQL always calls a primary key
 * {@code PRIMARY}, and Flyway passes on the server's note (error code 1280) as a WARN line per table, which a newcomer
 * reads as an error. The migrations cannot change (Flyway checks their checksums on every start of an existing
 * database); every other warning of theirs still reaches the log.
 */
public final class IgnoredPrimaryKeyNameFilter extends TurboFilter {

    static final String FLYWAY_SCRIPT_LOGGER = "org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        boolean ignoredName = level == Level.WARN && format != null && logger.getName().equals(FLYWAY_SCRIPT_LOGGER)
                && format.contains("ignored for PRIMARY key") && format.contains("Error Code: 1280");
        return ignoredName ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
