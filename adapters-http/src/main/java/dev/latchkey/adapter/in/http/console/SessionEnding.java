package dev.latchkey.adapter.in.http.console;

import dev.latchkey.domain.verification.RejectionReason;
import java.util.Arrays;
import java.util.Optional;

/**
 * Why a console session ended, as the sign-in page it is sent to says it ({@code ?ended=revoked}). A session ends when
 * its key is refused by the domain's verification policies ({@code VerificationPolicies.STANDARD}, re-checked at every
 * request by {@link ConsoleAuthenticationFetcher}), or when the key or its owner no longer exists: {@link #of} gives
 * each {@link RejectionReason} its ending, so a new reason does not compile until it has one.
 */
enum SessionEnding {

    REVOKED("revoked", "Your session ended: the key you signed in with has been revoked."),
    EXPIRED("expired", "Your session ended: the key you signed in with has expired."),
    ADDRESS("address", "Your session ended: the key you signed in with may not be used from this address."),
    DISABLED("disabled", "Your session ended: the owner of the key you signed in with is disabled."),
    GONE("gone", "Your session ended: the key you signed in with, or its owner, no longer exists."),
    REFUSED("refused", "Your session ended: the key you signed in with is refused now.");

    /** The word in the sign-in page's address. */
    final String word;
    /** What the sign-in page says. */
    final String message;

    SessionEnding(String word, String message) {
        this.word = word;
        this.message = message;
    }

    /** The ending of a session whose key a policy refused for {@code reason}. */
    static SessionEnding of(RejectionReason reason) {
        return switch (reason) {
            case REVOKED -> REVOKED;
            case EXPIRED -> EXPIRED;
            case IP_NOT_ALLOWED -> ADDRESS;
            case DISABLED -> DISABLED;
            case MALFORMED, NOT_FOUND -> GONE;
            // not among the policies a session is re-checked by today (it requires no scope and is not metered)
            case INSUFFICIENT_SCOPE, USAGE_EXCEEDED, RATE_LIMITED -> REFUSED;
        };
    }

    /** The ending an address names; none for a word that is not one. */
    static Optional<SessionEnding> named(String word) {
        return Arrays.stream(values()).filter(ending -> ending.word.equals(word)).findFirst();
    }
}
