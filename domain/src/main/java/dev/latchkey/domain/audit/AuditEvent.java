package dev.latchkey.domain.audit;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail: what happened ({@code type}, {@code code}: {@code VALID} or the rejection's code for
 * verifications, {@code null} for changes), to which key and user, done by which key ({@code actorKeyId}), from which
 * client address, in which request, and a {@code detail} some events have (where a leaked key was found). Never a
 * secret: a rejected key is known by its key id, when it parsed. {@code id} is given by the store (0 until then); ids
 * grow with time on one store.
 */
public record AuditEvent(long id, Instant at, AuditEventType type, boolean success, String code, KeyId keyId,
                         UserId userId, KeyId actorKeyId, String clientIp, String requestId, String detail) {

    /** Client addresses and request ids longer than this are cut (a request id is at most 64 characters). */
    public static final int MAX_TEXT = 64;
    /** A detail longer than this is cut. */
    public static final int MAX_DETAIL = 2000;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        clientIp = cut(clientIp, MAX_TEXT);
        requestId = cut(requestId, MAX_TEXT);
        detail = cut(detail, MAX_DETAIL);
    }

    /** An event without a detail. */
    public AuditEvent(long id, Instant at, AuditEventType type, boolean success, String code, KeyId keyId,
                      UserId userId, KeyId actorKeyId, String clientIp, String requestId) {
        this(id, at, type, success, code, keyId, userId, actorKeyId, clientIp, requestId, null);
    }

    /** A change made by a caller, which succeeded. */
    public static AuditEvent change(Instant at, AuditEventType type, KeyId keyId, UserId userId, Origin origin) {
        return new AuditEvent(0, at, type, true, null, keyId, userId, origin.actorKeyId(), origin.clientIp(),
                origin.requestId());
    }

    /** The same event as stored under {@code storedId}. */
    public AuditEvent withId(long storedId) {
        return new AuditEvent(storedId, at, type, success, code, keyId, userId, actorKeyId, clientIp, requestId,
                detail);
    }

    /** The same event with {@code code} and {@code detail}. */
    public AuditEvent withOutcome(String newCode, String newDetail) {
        return new AuditEvent(id, at, type, success, newCode, keyId, userId, actorKeyId, clientIp, requestId,
                newDetail);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** Who asked, from where, in which request: each part {@code null} when not known. */
    public record Origin(KeyId actorKeyId, String clientIp, String requestId) {

        /** Nothing known: a change made by the service itself (the bootstrap admin). */
        public static final Origin NONE = new Origin(null, null, null);
    }
}
