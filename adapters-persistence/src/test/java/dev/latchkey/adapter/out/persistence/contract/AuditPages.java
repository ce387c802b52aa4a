package dev.latchkey.adapter.out.persistence.contract;

import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a search of audit entries as a client pages through it: {@code size} at a time, after the last one read. */
final class AuditPages {

    /** A store's search: {@code AuditEventStore::find} or {@code VerificationSummaryStore::find}. */
    @FunctionalInterface
    interface Search {
        List<AuditEvent> find(AuditFilter filter, Optional<AuditLog.Position> after, int limit);
    }

    private AuditPages() {
    }

    /** Every entry {@code search} finds for {@code filter}, a page of {@code size} at a time, in the order found. */
    static List<AuditEvent> paged(Search search, AuditFilter filter, int size) {
        List<AuditEvent> paged = new ArrayList<>();
        Optional<AuditLog.Position> after = Optional.empty();
        do {
            List<AuditEvent> page = search.find(filter, after, size);
            paged.addAll(page);
            after = page.size() < size ? Optional.empty()
                    : Optional.of(new AuditLog.Position(page.get(size - 1).at(), page.get(size - 1).id()));
        } while (after.isPresent());
        return paged;
    }
}
