package dev.latchkey.application.service.paging;

import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Opaque pagination cursors: base64url of the position of the last item of a page. */
public final class Cursors {

    private static final String USER = "u1:";
    private static final String KEY = "k1:";
    private static final String AUDIT = "a1:";
    private static final String DELIVERY = "w1:";

    private Cursors() {
    }

    public static String ofUser(UserId last) {
        return encode(USER + last.value());
    }

    public static UserId toUser(String cursor) {
        String text = decode(cursor);
        if (!text.startsWith(USER) || !UserId.isValid(text.substring(USER.length()))) {
            throw invalid();
        }
        return new UserId(text.substring(USER.length()));
    }

    public static String ofKey(ApiKeys.Position last) {
        Instant at = last.createdAt();
        return encode(KEY + at.getEpochSecond() + ":" + at.getNano() + ":" + last.id().value());
    }

    public static ApiKeys.Position toKey(String cursor) {
        String text = decode(cursor);
        String[] parts = text.startsWith(KEY) ? text.substring(KEY.length()).split(":", -1) : new String[0];
        if (parts.length != 3 || !KeyId.isValid(parts[2])) {
            throw invalid();
        }
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            return new ApiKeys.Position(at, new KeyId(parts[2]));
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    public static String ofAuditEvent(AuditLog.Position last) {
        Instant at = last.at();
        return encode(AUDIT + at.getEpochSecond() + ":" + at.getNano() + ":" + last.id());
    }

    public static AuditLog.Position toAuditEvent(String cursor) {
        String text = decode(cursor);
        String[] parts = text.startsWith(AUDIT) ? text.substring(AUDIT.length()).split(":", -1) : new String[0];
        if (parts.length != 3) {
            throw invalid();
        }
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            return new AuditLog.Position(at, Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    public static String ofDelivery(long lastId) {
        return encode(DELIVERY + lastId);
    }

    public static long toDelivery(String cursor) {
        String text = decode(cursor);
        try {
            if (text.startsWith(DELIVERY)) {
                return Long.parseLong(text.substring(DELIVERY.length()));
            }
        } catch (NumberFormatException e) {
            throw invalid();
        }
        throw invalid();
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static InvalidValueException invalid() {
        return new InvalidValueException("cursor", "cursor is not one this service returned");
    }
}
