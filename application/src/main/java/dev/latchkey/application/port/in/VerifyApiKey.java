package dev.latchkey.application.port.in;

import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.Verification;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Verifies a presented key: the hot path. Expected refusals are values, not exceptions. */
public interface VerifyApiKey {

    /** The verdict on {@code presentedKey}; may block on the store. */
    Verification verify(String presentedKey, Set<Scope> requiredScopes);

    /**
     * The verdict when it needs no blocking I/O, for callers on an event loop: a malformed key, or a key whose lookup
     * is cached and that has no quota. The verdict is complete at once, unless the key's rate limit is shared over
     * the network: then it completes when the limiter answers (within its timeout), on the limiter's thread, and
     * never exceptionally. Empty when only the store can tell, and then {@link #verify} gives it off the event loop.
     */
    Optional<CompletionStage<Verification>> verifyAtHand(String presentedKey, Set<Scope> requiredScopes);
}
