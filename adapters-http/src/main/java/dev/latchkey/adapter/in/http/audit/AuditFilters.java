package dev.latchkey.adapter.in.http.audit;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/** An audit filter from the text of a query (the API's, the console's): each part absent when {@code null}. */
public final class AuditFilters {

    private AuditFilters() {
    }

    /** Refuses an id that is not well-formed and a type that does not exist, naming the field. */
    public static AuditFilter of(String userId, String keyId, String type, Instant since, Instant until) {
        return new AuditFilter(
                Optional.ofNullable(userId).map(id -> valid("userId", id, UserId.isValid(id), UserId::new)),
                Optional.ofNullable(keyId).map(id -> valid("keyId", id, KeyId.isValid(id), KeyId::new)),
                Optional.ofNullable(type).map(name -> AuditEventType.fromWireName(name).orElseThrow(() ->
                        new InvalidValueException("type", "type must be one of " + Arrays.stream(
                                AuditEventType.values()).map(AuditEventType::wireName).toList()))),
                Optional.ofNullable(since), Optional.ofNullable(until));
    }

    private static <T> T valid(String field, String text, boolean valid, Function<String, T> id) {
        if (!valid) {
            throw new InvalidValueException(field, field + " is not a well-formed id");
        }
        return id.apply(text);
    }
}
