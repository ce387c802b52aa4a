package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** Audit events in memory, by id. */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryAuditEvents implements AuditEventStore {

    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentSkipListMap<Long, AuditEvent> byId = new ConcurrentSkipListMap<>();

    @Override
    public void append(AuditEvent event) {
        long id = ids.incrementAndGet();
        byId.put(id, event.withId(id));
    }

    @Override
    public void appendAll(List<AuditEvent> events) {
        events.forEach(this::append);
    }

    @Override
    public List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit) {
        return AuditEntries.find(byId.values(), filter, after, limit);
    }

    @Override
    public int purgeBefore(Instant before, int batch) {
        List<Long> old = byId.values().stream().filter(event -> event.at().isBefore(before)).limit(batch)
                .map(AuditEvent::id).toList();
        old.forEach(byId::remove);
        return old.size();
    }
}
