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
 *
 * <p>An entry stands for {@code count} occurrences, the first at {@code firstAt}, the last at {@code lastAt}: a change
 * is one ({@code count} 1, both times {@code at}); a verification summary ({@link #summary}) is every verification of
 * one key (or of keys that did not parse), from one client address, with one outcome, in one minute: {@code at} is the
 * start of that minute. The summary of what did not fit in a minute's budget of summaries has client address
 * {@link #OVERFLOW} and no key id.
 */
public record AuditEvent(long id, Instant at, AuditEventType type, boolean success, String code, KeyId keyId,
                         UserId userId, KeyId actorKeyId, String clientIp, String requestId, String detail,
                         long count, Instant firstAt, Instant lastAt) {

    /** The code of a valid key's verification (as {@code VerificationEvent.VALID}). */
    public static final String VALID = "VALID";
    /** The client address of an overflow summary: the verifications past a minute's budget of summaries. */
    public static final String OVERFLOW = "overflow";

    /** Client addresses and request ids longer than this are cut (a request id is at most 64 characters). */
    public static final int MAX_TEXT = 64;
    /** A detail longer than this is cut. */
    public static final int MAX_DETAIL = 2000;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(firstAt, "firstAt");
        Objects.requireNonNull(lastAt, "lastAt");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        clientIp = cut(clientIp, MAX_TEXT);
        requestId = cut(requestId, MAX_TEXT);
        detail = cut(detail, MAX_DETAIL);
    }

    /** One occurrence, at {@code at}. */
    public AuditEvent(long id, Instant at, AuditEventType type, boolean success, String code, KeyId keyId,
                      UserId userId, KeyId actorKeyId, String clientIp, String requestId, String detail) {
        this(id, at, type, success, code, keyId, userId, actorKeyId, clientIp, requestId, detail, 1, at, at);
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

    /**
     * {@code count} verifications of key {@code keyId} ({@code null}: keys that did not parse, or the overflow) from
     * {@code clientIp} with outcome {@code outcome}, in the minute starting at {@code minute}, the first at
     * {@code firstAt}, the last at {@code lastAt}.
     */
    public static AuditEvent summary(long id, Instant minute, String outcome, KeyId keyId, UserId userId,
                                     String clientIp, long count, Instant firstAt, Instant lastAt) {
        boolean valid = VALID.equals(outcome);
        return new AuditEvent(id, minute, valid ? AuditEventType.KEY_VERIFIED : AuditEventType.KEY_REJECTED, valid,
                outcome, keyId, userId, null, clientIp, null, null, count, firstAt, lastAt);
    }

    /** The same event as stored under {@code storedId}. */
    public AuditEvent withId(long storedId) {
        return new AuditEvent(storedId, at, type, success, code, keyId, userId, actorKeyId, clientIp, requestId,
                detail, count, firstAt, lastAt);
    }

    /** The same event with {@code code} and {@code detail}. */
    public AuditEvent withOutcome(String newCode, String newDetail) {
        return new AuditEvent(id, at, type, success, newCode, keyId, userId, actorKeyId, clientIp, requestId,
                newDetail, count, firstAt, lastAt);
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
