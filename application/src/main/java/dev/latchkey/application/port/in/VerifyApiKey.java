package dev.latchkey.application.port.in;

import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.Verification;
import java.util.Set;

/** Verifies a presented key: the hot path. Expected refusals are values, not exceptions. */
public interface VerifyApiKey {

    Verification verify(String presentedKey, Set<Scope> requiredScopes);
}
