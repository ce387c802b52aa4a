package dev.latchkey.domain.verification;

/** Why a presented key was not accepted; each maps to one API problem code and one verify code. */
public enum RejectionReason {
    /** Does not parse, checksum mismatch, too long. */
    MALFORMED,
    /** Unknown key id, or the secret does not match. */
    NOT_FOUND,
    /** The secret matched, but the key is past its expiry. */
    EXPIRED,
    /** The secret matched, but the key is revoked. */
    REVOKED,
    /** The secret matched, but the owner is disabled or deleted. */
    DISABLED,
    /** The key is valid but lacks a required scope. */
    INSUFFICIENT_SCOPE,
    /** The key is valid but the client's address is outside the key's allowed addresses. */
    IP_NOT_ALLOWED,
    /** The key is valid but its {@code remaining} uses are spent. */
    USAGE_EXCEEDED,
    /** The key is valid but its rate limit is exhausted for now. */
    RATE_LIMITED;

    /** Whether the secret matched: the refusal is about a genuine key (not a guess, not garbage). */
    public boolean genuineKey() {
        return this != MALFORMED && this != NOT_FOUND;
    }
}
