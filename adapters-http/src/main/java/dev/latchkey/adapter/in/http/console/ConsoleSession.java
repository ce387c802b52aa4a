package dev.latchkey.adapter.in.http.console;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One signed-in console: the key that signed in (by id: the key itself is never kept), its owner, the token every form
 * of the session must carry, and when the session ends at the latest. A message for the next page waits in
 * {@link #flash}.
 */
final class ConsoleSession {

    private final String id;
    private final KeyId keyId;
    private final UserId userId;
    private final String csrfToken;
    private final Instant endsAt;
    private final AtomicReference<Flash> flash = new AtomicReference<>();

    ConsoleSession(String id, KeyId keyId, UserId userId, String csrfToken, Instant endsAt) {
        this.id = id;
        this.keyId = keyId;
        this.userId = userId;
        this.csrfToken = csrfToken;
        this.endsAt = endsAt;
    }

    /** A message shown once, on the next page: what a form did, or why it did not. */
    record Flash(boolean error, String text) {
    }

    String id() {
        return id;
    }

    KeyId keyId() {
        return keyId;
    }

    UserId userId() {
        return userId;
    }

    String csrfToken() {
        return csrfToken;
    }

    Instant endsAt() {
        return endsAt;
    }

    void flash(boolean error, String text) {
        flash.set(new Flash(error, text));
    }

    /** The waiting message, now taken; {@code null} when there is none. */
    Flash takeFlash() {
        return flash.getAndSet(null);
    }

    /** Never prints the session id, which is the cookie's secret. */
    @Override
    public String toString() {
        return "ConsoleSession[" + keyId + "]";
    }
}
