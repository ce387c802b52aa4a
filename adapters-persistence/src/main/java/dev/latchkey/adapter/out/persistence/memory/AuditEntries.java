package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** An audit search over entries held in memory, as the stores answer it: newest first, after the cursor. */
final class AuditEntries {

    private AuditEntries() {
    }

    /** The first {@code limit} of {@code entries} that {@code filter} matches and that come after {@code after}. */
    static List<AuditEvent> find(Collection<AuditEvent> entries, AuditFilter filter,
                                 Optional<AuditLog.Position> after, int limit) {
        return entries.stream()
                .filter(filter::matches)
                .filter(event -> after.map(position -> position.precedes(event)).orElse(true))
                .sorted(AuditLog.NEWEST_FIRST)
                .limit(limit)
                .toList();
    }
}
