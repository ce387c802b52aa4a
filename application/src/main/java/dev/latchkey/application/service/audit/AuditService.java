package dev.latchkey.application.service.audit;

import dev.latchkey.application.port.in.audit.ListAuditEvents;
import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.application.service.paging.Cursors;
import dev.latchkey.application.service.paging.Pages;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;
import java.util.List;
import java.util.Optional;

/** Lists the audit trail, newest first, a page at a time. */
public final class AuditService implements ListAuditEvents {

    private final AuditLog auditLog;

    public AuditService(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Override
    public Page<AuditEvent> list(AuditFilter filter, PageRequest page) {
        Optional<AuditLog.Position> after = page.cursor().map(Cursors::toAuditEvent);
        List<AuditEvent> found = auditLog.find(filter, after, page.limit() + 1);
        return Pages.of(found, page.limit(),
                last -> Cursors.ofAuditEvent(new AuditLog.Position(last.at(), last.id())));
    }
}
