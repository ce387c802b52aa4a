package dev.latchkey.adapter.in.http.common;

import dev.latchkey.application.port.out.audit.RequestOrigins;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * The origin of the request being served, for the audit trail of the changes it makes: the key that authenticated
 * it, the client address ({@link ClientAddresses}: the peer, or the forwarded address from a trusted proxy) and the
 * request id. Verification does not read it: a verified key's origin travels with the verification request.
 */
@Singleton
final class HttpRequestOrigins implements RequestOrigins {

    private final ClientAddresses clientAddresses;

    HttpRequestOrigins(ClientAddresses clientAddresses) {
        this.clientAddresses = clientAddresses;
    }

    @Override
    public AuditEvent.Origin current() {
        Optional<HttpRequest<Object>> current = ServerRequestContext.currentRequest();
        if (current.isEmpty()) {
            return AuditEvent.Origin.NONE;
        }
        HttpRequest<Object> request = current.get();
        KeyId actor = request.getUserPrincipal().map(Principal::getName).filter(KeyId::isValid).map(KeyId::new)
                .orElse(null);
        return new AuditEvent.Origin(actor, clientAddresses.of(request), RequestIds.of(request));
    }
}
