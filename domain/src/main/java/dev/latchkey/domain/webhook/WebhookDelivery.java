package dev.latchkey.domain.webhook;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One event on its way to one endpoint, as its delivery log shows it: how many attempts were made, the status the
 * receiver last answered ({@code null}: no answer), why the last attempt got none ({@code null} when it was answered;
 * e.g. the target was refused by the network rules, or timed out), and when the next attempt is due while it is
 * pending.
 */
public record WebhookDelivery(long id, WebhookId endpointId, String eventId, WebhookEventType eventType,
                              Instant createdAt, Status status, int attempts, Instant lastAttemptAt,
                              Integer lastResponseStatus, String lastError, Instant nextAttemptAt) {

    /** The longest reason kept for an attempt without an answer (longer ones are cut). */
    public static final int MAX_ERROR_LENGTH = 200;

    /** Pending until a receiver answers 2xx (delivered) or the attempts run out (failed). */
    public enum Status {
        PENDING, DELIVERED, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public WebhookDelivery {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
    }
}
