package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.audit.AuditFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The conditions of an audit search over a table of timed rows read newest first ({@code audit_events},
 * {@code verification_summaries}): the filter's key, user and time range, and the cursor, with the values they bind,
 * in order. A table adds its own (the type) with {@link #and}.
 */
final class AuditConditions {

    private final StringBuilder sql = new StringBuilder("1 = 1");
    private final List<Object> parameters = new ArrayList<>();

    /**
     * {@code timeColumn} holds a row's time; the cursor's id is {@code idBase} above the row's {@code id} (0 where
     * the ids are the table's own).
     */
    AuditConditions(AuditFilter filter, Optional<AuditLog.Position> after, String timeColumn, long idBase) {
        filter.keyId().ifPresent(id -> and("key_id = ?", id.value()));
        filter.userId().ifPresent(id -> and("user_id = ?", id.value()));
        filter.since().ifPresent(since -> and(timeColumn + " >= ?", RowMapping.toUtc(since)));
        filter.until().ifPresent(until -> and(timeColumn + " < ?", RowMapping.toUtc(until)));
        after.ifPresent(position -> and("(" + timeColumn + " < ? OR (" + timeColumn + " = ? AND id < ?))",
                RowMapping.toUtc(position.at()), RowMapping.toUtc(position.at()), position.id() - idBase));
    }

    /** Adds {@code condition}, and the values of its parameters. */
    AuditConditions and(String condition, Object... values) {
        sql.append(" AND ").append(condition);
        parameters.addAll(Arrays.asList(values));
        return this;
    }

    /** The conditions, joined with {@code AND}. */
    String sql() {
        return sql.toString();
    }

    /** The values of the conditions' parameters, in order. */
    List<Object> parameters() {
        return parameters;
    }
}
