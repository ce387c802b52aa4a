package dev.latchkey.application.port.out.audit;

import dev.latchkey.domain.audit.AuditEvent;

/**
 * Who is asking, for the audit trail: the caller's key, its client address and the request id, as the inbound
 * adapter knows them for the request being served; {@link AuditEvent.Origin#NONE} outside a request.
 */
@FunctionalInterface
public interface RequestOrigins {

    AuditEvent.Origin current();
}
