package dev.latchkey.adapter.in.http.security;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import io.micronaut.security.authentication.Authentication;
import java.util.stream.Collectors;

/** The caller of a use case, as the authenticated request shows it: its key, and the scopes granted to it. */
public final class Callers {

    private Callers() {
    }

    /** The key that authenticated the request (API or console), holding the scopes its roles name. */
    public static Caller of(Authentication authentication) {
        return new Caller(new KeyId(authentication.getName()), authentication.getRoles().stream()
                .filter(Scope::isValid).map(Scope::new).collect(Collectors.toSet()));
    }
}
