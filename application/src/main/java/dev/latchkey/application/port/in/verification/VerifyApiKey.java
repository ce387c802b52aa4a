package dev.latchkey.application.port.in.verification;

import dev.latchkey.domain.verification.Verification;
import java.util.concurrent.CompletionStage;

/**
 * Verifies a presented key: the hot path, one entry. Expected refusals are values, not exceptions. The implementation
 * alone decides how the verdict is reached: without blocking I/O (a malformed key, or a key whose lookup is cached and
 * that has no quota) the stage is complete when this returns, decided on the calling thread, unless the key's rate
 * limit is shared over the network (then it completes when the limiter answers, within its timeout, on the limiter's
 * thread); otherwise the store is read on a blocking executor and the stage completes there. Safe to call on an event
 * loop. Never throws: a verification that gives no verdict (the store cannot be reached, a bug) completes the stage
 * exceptionally.
 */
public interface VerifyApiKey {

    CompletionStage<Verification> verify(VerificationRequest request);
}
