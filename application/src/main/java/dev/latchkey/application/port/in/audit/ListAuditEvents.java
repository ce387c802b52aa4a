package dev.latchkey.application.port.in.audit;

import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;

import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditFilter;

/** The audit trail, newest first (scope {@code audit:read}). */
public interface ListAuditEvents {

    Page<AuditEvent> list(AuditFilter filter, PageRequest page);
}
