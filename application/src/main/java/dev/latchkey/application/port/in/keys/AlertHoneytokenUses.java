package dev.latchkey.application.port.in.keys;

import dev.latchkey.domain.verification.HoneytokenPresentation;

/**
 * Keeps account of a honeytoken's presentations, off the request path: adds them to the key's count, and the first of
 * a key, client address and minute (across every node sharing the store) writes the audit event and the webhook
 * {@code key.honeytoken_used} in the same transaction. Throws when the store refuses (nothing is then written).
 */
public interface AlertHoneytokenUses {

    void alert(HoneytokenPresentation presentations);
}
