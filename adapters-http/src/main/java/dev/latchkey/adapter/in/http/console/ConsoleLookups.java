package dev.latchkey.adapter.in.http.console;

import dev.latchkey.application.port.in.keys.GetApiKey;
import dev.latchkey.application.port.in.users.GetUser;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyNotFound;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserNotFound;
import io.micronaut.http.HttpStatus;

/** The user or key a console path names; one that does not exist (or cannot) is a 404 page. */
final class ConsoleLookups {

    private ConsoleLookups() {
    }

    static User user(GetUser getUser, String userId) {
        try {
            if (UserId.isValid(userId)) {
                return getUser.get(new UserId(userId));
            }
        } catch (UserNotFound e) {
            // below
        }
        throw new ConsoleRefusal(HttpStatus.NOT_FOUND, "There is no such user (or no longer).");
    }

    static ApiKey key(GetApiKey getApiKey, String keyId) {
        try {
            if (KeyId.isValid(keyId)) {
                return getApiKey.get(new KeyId(keyId));
            }
        } catch (ApiKeyNotFound e) {
            // below
        }
        throw new ConsoleRefusal(HttpStatus.NOT_FOUND, "There is no such key.");
    }
}
