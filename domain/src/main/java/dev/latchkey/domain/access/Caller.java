package dev.latchkey.domain.access;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import java.util.Objects;
import java.util.Set;

/**
 * Who asks for a change and what it holds: the key that authenticated the request and the scopes it is granted
 * ({@code admin} expanded into every built-in scope), or {@link #SERVICE}, Latchkey acting on its own behalf.
 */
public record Caller(KeyId keyId, Set<Scope> held) {

    /**
     * Latchkey itself, holding every built-in scope: the operator's bootstrap key, a leak report signed by a secret
     * scanner. Never the caller of a request authenticated by a key.
     */
    public static final Caller SERVICE = new Caller(null, Scopes.BUILT_IN);

    public Caller {
        Objects.requireNonNull(held, "held");
        held = Set.copyOf(held);
    }

    /** The caller authenticated by key {@code keyId}, which holds {@code scopes}. */
    public static Caller ofKey(KeyId keyId, Scopes scopes) {
        return new Caller(Objects.requireNonNull(keyId, "keyId"), scopes.granted());
    }

    public boolean holds(Scope scope) {
        return held.contains(scope);
    }
}
