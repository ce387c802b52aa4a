package dev.latchkey.domain.audit;

import java.util.Arrays;
import java.util.Optional;

/** What an audit event records; {@link #wireName()} is its name in the API ({@code key.issued}, ...). */
public enum AuditEventType {
    USER_CREATED("user.created"),
    USER_UPDATED("user.updated"),
    USER_DELETED("user.deleted"),
    KEY_ISSUED("key.issued"),
    KEY_UPDATED("key.updated"),
    KEY_REVOKED("key.revoked"),
    KEY_ROTATED("key.rotated"),
    KEY_LEAKED("key.leaked"),
    KEY_VERIFIED("key.verified"),
    KEY_REJECTED("key.rejected"),
    KEY_HONEYTOKEN_USED("key.honeytoken_used"),
    KEY_NEW_NETWORK("key.new_network"),
    KEY_EXPLAINED("key.explained");

    private final String wireName;

    AuditEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AuditEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
