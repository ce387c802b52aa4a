package dev.latchkey.adapter.in.http.console;

import dev.latchkey.domain.access.AccessPolicies;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.user.User;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Users, keys and audit events as the console's templates read them: maps of text, never a secret or a hash. */
final class ConsoleViews {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ConsoleViews() {
    }

    static String time(Instant instant) {
        return instant == null ? null : SHOWN.format(instant);
    }

    static Map<String, Object> user(User user) {
        return ConsolePages.model("id", user.id().value(), "name", user.name(), "email", user.email(),
                "externalId", user.externalId(), "status", user.status().wireName(), "active", user.isActive(),
                "createdAt", time(user.createdAt()), "updatedAt", time(user.updatedAt()));
    }

    /**
     * A key as a page shows it to {@code viewer}: whether it is a honeytoken only to a viewer who may tell honeytokens
     * apart ({@link AccessPolicies#maySeeHoneytokens}).
     */
    static Map<String, Object> key(ApiKey key, Instant now, Caller viewer) {
        boolean honeytoken = AccessPolicies.maySeeHoneytokens(viewer) && key.honeytoken();
        boolean live = !key.isRevoked() && !key.isExpiredAt(now);
        String status = key.isRevoked() ? "revoked" : !live ? "expired" : key.rotatedTo() != null ? "rotated" : "active";
        return ConsolePages.model("id", key.id().value(), "userId", key.owner().value(), "name", key.name(),
                "start", key.start(), "scopes", String.join(" ", key.scopes().names()), "status", status,
                "live", live, "rotatable", live && key.rotatedTo() == null && !honeytoken,
                "honeytoken", honeytoken, "honeytokenPresentations", honeytoken ? key.honeytokenPresentations() : 0,
                "createdAt", time(key.createdAt()), "expiresAt", time(key.expiresAt()),
                "revokedAt", time(key.revokedAt()), "lastUsedAt", time(key.lastUsedAt()),
                "rateLimit", key.rateLimit() == null ? null
                        : key.rateLimit().limit() + " per " + key.rateLimit().periodSeconds() + " s",
                "remaining", key.remaining(),
                "meta", key.meta() == null ? null : key.meta().json(),
                "rotatedTo", key.rotatedTo() == null ? null : key.rotatedTo().value(),
                "allowedCidrs", key.allowedCidrs() == null ? null : String.join(" ", key.allowedCidrs().texts()),
                "newNetworkAlert", key.alerts().newNetwork());
    }

    static Map<String, Object> event(AuditEvent event) {
        return ConsolePages.model("id", event.id(), "at", time(event.at()), "type", event.type().wireName(),
                "success", event.success(), "code", event.code(),
                "keyId", event.keyId() == null ? null : event.keyId().value(),
                "userId", event.userId() == null ? null : event.userId().value(),
                "actorKeyId", event.actorKeyId() == null ? null : event.actorKeyId().value(),
                "clientIp", event.clientIp(), "requestId", event.requestId(), "count", event.count(),
                "lastAt", time(event.lastAt()));
    }
}
