package dev.latchkey.application.port.out.verification;

import dev.latchkey.domain.verification.VerificationEvent;

/**
 * Where verifications are accounted for, off the request path: called once for every verdict, on the thread that
 * decided it (often an event loop), so it never blocks and never fails.
 */
@FunctionalInterface
public interface VerificationEvents {

    void record(VerificationEvent event);
}
