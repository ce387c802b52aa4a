package dev.latchkey.adapter.in.http.common;

import dev.latchkey.application.port.out.RequestOrigins;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * The origin of the request being served, for the audit trail and a key's allowed addresses: the key that
 * authenticated it (none while its own key is being verified), the client address ({@link ClientAddresses}: the
 * peer, or the forwarded address from a trusted proxy; or the address a verifying service named, see
 * {@link #presentedFrom}) and the request id.
 */
@Singleton
public final class HttpRequestOrigins implements RequestOrigins {

    private static final String PRESENTED_FROM = "latchkey.presentedFrom";

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
        String clientIp = request.getAttribute(PRESENTED_FROM, String.class).orElseGet(() -> clientAddresses.of(request));
        return new AuditEvent.Origin(actor, clientIp, RequestIds.of(request));
    }

    /**
     * Marks the key verified while serving {@code request} as presented by a client at {@code address} (an IP
     * literal): a service that verifies the keys its own clients present names their address, which then is the one
     * a key's allowed addresses are checked against and the one audited.
     */
    public static void presentedFrom(HttpRequest<?> request, String address) {
        request.setAttribute(PRESENTED_FROM, address);
    }
}
