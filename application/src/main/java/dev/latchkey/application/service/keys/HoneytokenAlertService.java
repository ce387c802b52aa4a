package dev.latchkey.application.service.keys;

import dev.latchkey.application.port.in.keys.AlertHoneytokenUses;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.application.service.audit.ChangeAudit;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.verification.HoneytokenPresentation;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The alert of a honeytoken's presentations: counted, and announced once per key, client address and minute (the
 * store's count row decides which writer is first, so it holds across nodes). The audit event and the webhook carry
 * where the key came from (address, user agent, route, request id), never key material.
 */
public final class HoneytokenAlertService implements AlertHoneytokenUses {

    /** A user agent longer than this is cut in the audit detail and the webhook. */
    public static final int MAX_USER_AGENT = 256;

    private final HoneytokenPresentations presentations;
    private final ApiKeys apiKeys;
    private final ChangeAudit audit;

    public HoneytokenAlertService(HoneytokenPresentations presentations, ApiKeys apiKeys, ChangeAudit audit) {
        this.presentations = presentations;
        this.apiKeys = apiKeys;
        this.audit = audit;
    }

    @Override
    public void alert(HoneytokenPresentation presented) {
        audit.audited(() -> {
            if (!presentations.add(presented)) {
                return null; // this key, address and minute alerted already: counted only
            }
            Optional<ApiKey> key = apiKeys.findById(presented.keyId());
            if (key.isEmpty()) {
                return null; // deleted with its owner since: nothing to tell about
            }
            ApiKey honeytoken = key.get();
            String clientIp = presented.clientIp().isEmpty() ? null : presented.clientIp();
            audit.auditLog().append(new AuditEvent(0, presented.firstAt(), AuditEventType.KEY_HONEYTOKEN_USED, false,
                    RejectionReason.NOT_FOUND.name(), honeytoken.id(), honeytoken.owner(), presented.askingKeyId(),
                    clientIp, presented.requestId(), detail(presented)));
            audit.announce(WebhookEventType.KEY_HONEYTOKEN_USED, honeytoken.id(), honeytoken.owner(),
                    presented.firstAt(), data(honeytoken, presented, clientIp));
            return null;
        });
    }

    /** The audit event's detail: the route and the user agent. */
    private static String detail(HoneytokenPresentation presented) {
        return "route " + (presented.route() == null ? "unknown" : presented.route()) + "; user agent "
                + (presented.userAgent() == null ? "unknown" : userAgent(presented.userAgent()));
    }

    private static Map<String, Object> data(ApiKey key, HoneytokenPresentation presented, String clientIp) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", key.name());
        putIfKnown(data, "clientIp", clientIp);
        putIfKnown(data, "userAgent", presented.userAgent() == null ? null : userAgent(presented.userAgent()));
        putIfKnown(data, "route", presented.route());
        putIfKnown(data, "requestId", presented.requestId());
        putIfKnown(data, "askingKeyId", presented.askingKeyId() == null ? null : presented.askingKeyId().value());
        data.put("presentedAt", presented.firstAt().toString());
        data.put("minute", presented.minute().toString());
        return data;
    }

    private static void putIfKnown(Map<String, Object> data, String name, String value) {
        if (value != null) {
            data.put(name, value);
        }
    }

    private static String userAgent(String userAgent) {
        return userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT);
    }
}
