package dev.latchkey.application.port.in.alerts;

import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * New-network alerts: told the successful uses of keys (from the verification summaries, off the request path), it
 * announces {@code key.new_network} the first time a key is used from a client network it was not used from within
 * the memory, and remembers the networks each key is used from.
 */
public interface NoticeNewNetworks {

    /** A key's successful uses from one client address, the first at {@code firstAt}, the last at {@code lastAt}. */
    record KeyUses(KeyId keyId, UserId userId, String clientIp, Instant firstAt, Instant lastAt) {
    }

    /** What {@link #notice} did: how many alerts it announced, and the uses the store could not take (to retry). */
    record Outcome(int alerts, List<KeyUses> undecided) {
    }

    /** Decides, remembers and announces what {@code uses} mean; never throws for a store that is down. */
    Outcome notice(Collection<KeyUses> uses);

    /** Forgets a batch of networks used last before the memory; returns how many. */
    int purge();
}
