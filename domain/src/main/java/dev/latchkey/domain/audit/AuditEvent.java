package dev.latchkey.domain.audit;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail: what happened ({@code type}, {@code code}: {@code VALID} or the rejection's code for
 * verifications, {@code null} for changes), to which key and user, done by which key ({@code actorKeyId}), from which
 * client address, in which request. Never a secret: a rejected key is known by its key id, when it parsed. {@code id}
 * is given by the store (0 until then); ids grow with time on one store.
 */
public record AuditEvent(long id, Instant at, AuditEventType type, boolean success, String code, KeyId keyId,
                         UserId userId, KeyId actorKeyId, String clientIp, String requestId) {

    /** Client addresses and request ids longer than this are cut (a request id is at most 64 characters). */
    public static final int MAX_TEXT = 64;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        clientIp = cut(clientIp);
        requestId = cut(requestId);
    }

    /** A change made by a caller, which succeeded. */
    public static AuditEvent change(Instant at, AuditEventType type, KeyId keyId, UserId userId, Origin origin) {
        return new AuditEvent(0, at, type, true, null, keyId, userId, origin.actorKeyId(), origin.clientIp(),
                origin.requestId());
    }

    /** The same event as stored under {@code storedId}. */
    public AuditEvent withId(long storedId) {
        return new AuditEvent(storedId, at, type, success, code, keyId, userId, actorKeyId, clientIp, requestId);
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    /** Who asked, from where, in which request: each part {@code null} when not known. */
    public record Origin(KeyId actorKeyId, String clientIp, String requestId) {

        /** Nothing known: a change made by the service itself (the bootstrap admin). */
        public static final Origin NONE = new Origin(null, null, null);
    }
}
