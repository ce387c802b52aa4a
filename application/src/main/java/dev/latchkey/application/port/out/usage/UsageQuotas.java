package dev.latchkey.application.port.out.usage;

import dev.latchkey.domain.apikey.KeyId;
import java.util.OptionalLong;

/**
 * Takes uses from keys' usage quotas ({@code remaining}), exactly, whatever the concurrency and however many nodes
 * share the store: the one write on the verification path, paid only by keys that have a quota.
 */
public interface UsageQuotas {

    /**
     * Takes one use from the quota that the keys with limits key {@code limitsKeyId} ({@code ApiKey.limitsKeyId()}: a
     * key and every key rotated from it, directly or not) share, held by the newest of them (the one not rotated): its
     * {@code remaining} after this use, or empty when none was left (or it has no quota, or no such key exists). Exact
     * also while a rotation moves the quota to a new key. May block on the store.
     */
    OptionalLong takeUse(KeyId limitsKeyId);
}
