package dev.latchkey.domain.webhook;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook tells a receiver about; {@link #wireName()} is its name in the API and the payload. */
public enum WebhookEventType {
    KEY_ISSUED("key.issued"),
    KEY_ROTATED("key.rotated"),
    KEY_REVOKED("key.revoked"),
    KEY_EXPIRING("key.expiring"),
    KEY_EXPIRED("key.expired"),
    KEY_LEAKED("key.leaked"),
    KEY_USAGE_LOW("key.usage_low"),
    USER_DISABLED("user.disabled"),
    KEY_HONEYTOKEN_USED("key.honeytoken_used"),
    KEY_NEW_NETWORK("key.new_network"),
    AUDIT_CHECKPOINT("audit.checkpoint");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
