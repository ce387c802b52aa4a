package dev.latchkey.domain.webhook;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** The identifier of a webhook endpoint: a time-ordered lower-case UUID, as a user's. */
public record WebhookId(String value) {

    public WebhookId {
        if (!UserId.isValid(value)) {
            throw new InvalidValueException("webhookId", "a webhook id is a lower-case UUID");
        }
    }

    public static WebhookId generate(Instant now, RandomGenerator random) {
        return new WebhookId(UserId.generate(now, random).value());
    }

    @Override
    public String toString() {
        return value;
    }
}
