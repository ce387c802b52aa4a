package dev.latchkey.adapter.out.persistence.memory;

import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Verification summaries in memory, by their key; a delta is added to its summary as the JDBC store's upsert does. */
@Singleton
@Requires(property = "latchkey.store", value = "memory")
final class InMemoryVerificationSummaries implements VerificationSummaryStore {

    private final Map<Key, AuditEvent> rows = new HashMap<>();
    private long ids;

    @Override
    public synchronized void addAll(Map<Key, Delta> deltas) {
        deltas.forEach((key, delta) -> {
            AuditEvent stored = rows.get(key);
            if (stored == null) {
                rows.put(key, AuditEvent.summary(ID_BASE + ++ids, key.minute(), key.outcome(), key.keyId(),
                        delta.userId(), key.clientIp(), delta.count(), delta.firstAt(), delta.lastAt()));
            } else {
                Delta sum = new Delta(stored.count(), stored.firstAt(), stored.lastAt(), stored.userId()).plus(delta);
                rows.put(key, AuditEvent.summary(stored.id(), key.minute(), key.outcome(), key.keyId(), sum.userId(),
                        key.clientIp(), sum.count(), sum.firstAt(), sum.lastAt()));
            }
        });
    }

    @Override
    public synchronized List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit) {
        return AuditEntries.find(rows.values(), filter, after, limit);
    }

    @Override
    public synchronized int purgeBefore(Instant before, int batch) {
        List<Key> old = rows.keySet().stream().filter(key -> key.minute().isBefore(before)).limit(batch).toList();
        old.forEach(rows::remove);
        return old.size();
    }
}
