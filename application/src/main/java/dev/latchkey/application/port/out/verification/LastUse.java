package dev.latchkey.application.port.out.verification;

import dev.latchkey.domain.apikey.KeyId;
import java.time.Instant;

/**
 * Remembers when keys were last used. Called on the verification hot path, so it never blocks on I/O:
 * implementations collect uses in memory and write them behind, in batches.
 */
public interface LastUse {

    /** Notes that key {@code id} was used at {@code at}. */
    void record(KeyId id, Instant at);
}
