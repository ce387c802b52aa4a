package dev.latchkey.domain.verification;

/**
 * One step of a verification, in the order the verifier takes them (an explained verdict lists them in this order):
 * the key's format and checksum (parsing, before any lookup), the lookup by key id, the secret and then the prefix
 * the key was issued with, each policy of {@link VerificationPolicies#STANDARD}, then the application's rate limit and
 * quota. Each step that refuses refuses with its {@link #refusal()}: the first three after parsing with
 * {@code NOT_FOUND}, so that what an attacker cannot tell apart an explanation does not tell apart either.
 */
public enum VerificationStep {
    FORMAT("format", RejectionReason.MALFORMED),
    CHECKSUM("checksum", RejectionReason.MALFORMED),
    KEY_FOUND("key_found", RejectionReason.NOT_FOUND),
    SECRET_MATCHES("secret_matches", RejectionReason.NOT_FOUND),
    PREFIX("prefix", RejectionReason.NOT_FOUND),
    NOT_REVOKED("not_revoked", RejectionReason.REVOKED),
    NOT_EXPIRED("not_expired", RejectionReason.EXPIRED),
    OWNER_ACTIVE("owner_active", RejectionReason.DISABLED),
    ADDRESS_ALLOWED("address_allowed", RejectionReason.IP_NOT_ALLOWED),
    SCOPES("scopes", RejectionReason.INSUFFICIENT_SCOPE),
    RATE_LIMIT("rate_limit", RejectionReason.RATE_LIMITED),
    QUOTA("quota", RejectionReason.USAGE_EXCEEDED);

    private final String wireName;
    private final RejectionReason refusal;

    VerificationStep(String wireName, RejectionReason refusal) {
        this.wireName = wireName;
        this.refusal = refusal;
    }

    /** The step's name in the API ({@code secret_matches}, ...). */
    public String wireName() {
        return wireName;
    }

    /** The reason a verdict gives when this step refuses the key. */
    public RejectionReason refusal() {
        return refusal;
    }
}
