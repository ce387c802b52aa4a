package dev.latchkey.application.port.out;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.VerifiableKey;
import java.util.Optional;

/**
 * The single read verification makes: a key and its owner's status, by key id (an indexed read).
 * Kept apart from {@link ApiKeys} so that a cache can sit in front of exactly this read.
 */
public interface VerifiableKeys {

    Optional<VerifiableKey> findForVerification(KeyId id);
}
