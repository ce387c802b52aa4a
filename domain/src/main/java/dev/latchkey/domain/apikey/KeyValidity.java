package dev.latchkey.domain.apikey;

import java.time.Instant;

/**
 * The facts a key's usability turns on, as an issued key ({@link ApiKey}) and the verification's read of it
 * ({@code VerifiableKey}) both carry them: one rule for each, whichever of the two is asked.
 */
public interface KeyValidity {

    Instant expiresAt();

    Instant revokedAt();

    AllowedCidrs allowedCidrs();

    /** Whether a client at {@code clientAddress} may use the key: any may, unless the key names its addresses. */
    default boolean allowsAddress(String clientAddress) {
        return allowedCidrs() == null || allowedCidrs().allows(clientAddress);
    }

    default boolean isRevoked() {
        return revokedAt() != null;
    }

    /** Whether the key is past its {@code expiresAt} at {@code now}. */
    default boolean isExpiredAt(Instant now) {
        return expiresAt() != null && !now.isBefore(expiresAt());
    }
}
