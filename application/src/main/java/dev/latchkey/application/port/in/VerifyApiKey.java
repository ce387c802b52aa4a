package dev.latchkey.application.port.in;

import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.Verification;
import java.util.Optional;
import java.util.Set;

/** Verifies a presented key: the hot path. Expected refusals are values, not exceptions. */
public interface VerifyApiKey {

    /** The verdict on {@code presentedKey}; may block on the store. */
    Verification verify(String presentedKey, Set<Scope> requiredScopes);

    /**
     * The verdict when it needs no blocking I/O (a malformed key, a key whose lookup is cached), for callers on an
     * event loop; empty when only the store can tell, and then {@link #verify} gives it off the event loop.
     */
    Optional<Verification> verifyAtHand(String presentedKey, Set<Scope> requiredScopes);
}
