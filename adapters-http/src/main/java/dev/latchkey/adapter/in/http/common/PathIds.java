package dev.latchkey.adapter.in.http.common;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.webhook.WebhookId;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;

/** Ids taken from a path: one that cannot exist is simply not found. */
public final class PathIds {

    private PathIds() {
    }

    public static UserId user(String text) {
        if (!UserId.isValid(text)) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, "no such user");
        }
        return new UserId(text);
    }

    public static KeyId key(String text) {
        if (!KeyId.isValid(text)) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, "no such key");
        }
        return new KeyId(text);
    }

    public static WebhookId webhook(String text) {
        if (!UserId.isValid(text)) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, "no such webhook endpoint");
        }
        return new WebhookId(text);
    }
}
