package dev.latchkey.domain.webhook;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Something receivers are told about, as written to the outbox with the change that caused it: its message id (the
 * {@code webhook-id} of every delivery of it, so a receiver can drop duplicates), its type and time, the key and user
 * it is about, and details ({@code data}: strings and numbers only). Never key material: a key is named by its id.
 */
public record WebhookEvent(String id, WebhookEventType type, Instant at, KeyId keyId, UserId userId,
                           Map<String, Object> data) {

    public static final String ID_PREFIX = "msg_";

    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        for (Object value : data.values()) {
            if (!(value instanceof String || value instanceof Long || value instanceof Integer)) {
                throw new IllegalArgumentException("webhook data holds strings and whole numbers only");
            }
        }
    }

    /** A new event with a fresh message id. */
    public static WebhookEvent of(WebhookEventType type, Instant at, KeyId keyId, UserId userId,
                                  Map<String, Object> data, RandomGenerator random) {
        return new WebhookEvent(ID_PREFIX + UserId.generate(at, random).value().replace("-", ""), type, at, keyId,
                userId, data);
    }

    /**
     * The payload every receiver gets, in the Standard Webhooks shape:
     * {@code {"type": "key.revoked", "timestamp": "...", "data": {"keyId": ..., "userId": ..., ...}}}.
     */
    public String body() {
        StringBuilder json = new StringBuilder(160).append("{\"type\":");
        string(json, type.wireName()).append(",\"timestamp\":");
        string(json, at.toString()).append(",\"data\":{");
        boolean first = true;
        if (keyId != null) {
            string(json.append(first ? "" : ","), "keyId").append(':');
            string(json, keyId.value());
            first = false;
        }
        if (userId != null) {
            string(json.append(first ? "" : ","), "userId").append(':');
            string(json, userId.value());
            first = false;
        }
        for (Map.Entry<String, Object> entry : data.entrySet()) {
            string(json.append(first ? "" : ","), entry.getKey()).append(':');
            if (entry.getValue() instanceof String text) {
                string(json, text);
            } else {
                json.append(entry.getValue());
            }
            first = false;
        }
        return json.append("}}").toString();
    }

    private static StringBuilder string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
