package dev.latchkey.application.testing;

import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The audit log as a list: events appended now or later are all there at once. */
public final class FakeAuditLog implements AuditLog {

    private static final Comparator<Position> NEWEST_FIRST =
            Comparator.comparing(Position::at).thenComparingLong(Position::id).reversed();

    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public void append(AuditEvent event) {
        events.add(event.withId(events.size() + 1L));
    }

    @Override
    public void appendLater(AuditEvent event) {
        append(event);
    }

    @Override
    public List<AuditEvent> find(AuditFilter filter, Optional<Position> after, int limit) {
        return events.stream()
                .filter(filter::matches)
                .filter(event -> after.isEmpty() || NEWEST_FIRST.compare(positionOf(event), after.get()) > 0)
                .sorted(Comparator.comparing(FakeAuditLog::positionOf, NEWEST_FIRST))
                .limit(limit)
                .toList();
    }

    private static Position positionOf(AuditEvent event) {
        return new Position(event.at(), event.id());
    }
}
