package dev.latchkey.application.port.out.keys;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import java.time.Instant;
import java.util.List;

/**
 * What the lifecycle scheduler told receivers about keys, so that it tells each thing once: a notice per key and kind
 * ({@code expiring-7d}, {@code expired}, {@code usage-low}, ...), for the expiry it was about. Only live keys (not
 * revoked) of active users are looked at.
 */
public interface KeyNotices {

    /**
     * Up to {@code limit} keys whose expiry is in {@code (after, until]} and that have no notice of {@code kind} for
     * that expiry, soonest first.
     */
    List<ApiKey> expiringUnnoticed(Instant after, Instant until, String kind, int limit);

    /** Up to {@code limit} keys with fewer than {@code threshold} uses left and no notice of {@code kind}. */
    List<ApiKey> lowOnUsesUnnoticed(long threshold, String kind, int limit);

    /** Forgets the notices of {@code kind} of keys that have {@code threshold} uses or more again (or no quota). */
    int rearmTopUps(long threshold, String kind);

    /** Notes that {@code kind} was told about {@code key} (for its expiry {@code expiresAt}), replacing an older one. */
    void note(KeyId key, String kind, Instant expiresAt, Instant at);
}
