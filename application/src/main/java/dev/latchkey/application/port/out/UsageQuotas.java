package dev.latchkey.application.port.out;

import dev.latchkey.domain.apikey.KeyId;
import java.util.OptionalLong;

/**
 * Takes uses from keys' usage quotas ({@code remaining}), exactly, whatever the concurrency and however many nodes
 * share the store: the one write on the verification path, paid only by keys that have a quota.
 */
public interface UsageQuotas {

    /**
     * Takes one use of key {@code id}: its {@code remaining} after this use, or empty when none was left (or the key
     * has no quota, or does not exist). May block on the store.
     */
    OptionalLong takeUse(KeyId id);
}
