package dev.latchkey.adapter.out.cache;

import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHash;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.VerifiableKey;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * One cache entry: a {@link VerifiableKey} packed small (the hash in four longs, owner and scopes shared between
 * entries), or {@link #ABSENT} for a key id the store does not have. A million
 * of them must fit in a few hundred megabytes of heap.
 */
final class CachedKey {

    /** The store has no key with this id. */
    static final CachedKey ABSENT = new CachedKey();

    private final long hash0;
    private final long hash1;
    private final long hash2;
    private final long hash3;
    private final KeyPrefix prefix;
    private final UserId owner;
    private final Scopes scopes;
    private final Instant expiresAt;
    private final Instant revokedAt;
    private final KeyMetadata meta;
    private final UserStatus ownerStatus;
    private final RateLimit rateLimit;
    private final boolean hasQuota;
    /** A honeytoken: refused as a wrong secret is (a boolean beside {@code hasQuota}: the entry does not grow). */
    private final boolean honeytoken;
    private final AllowedCidrs allowedCidrs;
    /** The key whose quota and rate-limit bucket this one shares; {@code null}: its own (not rotated from another). */
    private final KeyId limitsKeyId;

    private CachedKey() {
        this(new long[4], null, null, null, null, null, null, null, null, false, null, null, false);
    }

    private CachedKey(long[] hash, KeyPrefix prefix, UserId owner, Scopes scopes, Instant expiresAt, Instant revokedAt,
                      KeyMetadata meta, UserStatus ownerStatus, RateLimit rateLimit, boolean hasQuota,
                      AllowedCidrs allowedCidrs, KeyId limitsKeyId, boolean honeytoken) {
        this.hash0 = hash[0];
        this.hash1 = hash[1];
        this.hash2 = hash[2];
        this.hash3 = hash[3];
        this.prefix = prefix;
        this.owner = owner;
        this.scopes = scopes;
        this.expiresAt = expiresAt;
        this.revokedAt = revokedAt;
        this.meta = meta;
        this.ownerStatus = ownerStatus;
        this.rateLimit = rateLimit;
        this.hasQuota = hasQuota;
        this.allowedCidrs = allowedCidrs;
        this.limitsKeyId = limitsKeyId;
        this.honeytoken = honeytoken;
    }

    /** Packs {@code key}; {@code shared} gives the instances of owner ids and scope sets that entries share. */
    static CachedKey of(VerifiableKey key, Sharing shared) {
        ByteBuffer hash = ByteBuffer.wrap(key.secretHash().bytes());
        long[] words = {hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong()};
        return new CachedKey(words, shared.prefix(key.prefix()), shared.owner(key.owner()), shared.scopes(key.scopes()), key.expiresAt(),
                key.revokedAt(), key.meta(), key.ownerStatus(), key.rateLimit(), key.hasQuota(),
                key.allowedCidrs(), key.limitsKeyId().equals(key.id()) ? null : key.limitsKeyId(), key.honeytoken());
    }

    boolean isAbsent() {
        return this == ABSENT;
    }

    /** The key's owner; {@code null} for {@link #ABSENT}. */
    UserId owner() {
        return owner;
    }

    /** The key as verification needs it; {@code id} is the cache key this entry is stored under. */
    VerifiableKey toVerifiable(KeyId id) {
        byte[] hash = ByteBuffer.allocate(SecretHash.LENGTH).putLong(hash0).putLong(hash1).putLong(hash2)
                .putLong(hash3).array();
        return new VerifiableKey(id, prefix, owner, SecretHash.of(hash), scopes, expiresAt, revokedAt, meta, ownerStatus,
                rateLimit, hasQuota, allowedCidrs, limitsKeyId, honeytoken);
    }

    /** Gives one shared instance for equal prefixes, owner ids and scope sets: entries do not each hold a copy. */
    interface Sharing {
        KeyPrefix prefix(KeyPrefix prefix);

        UserId owner(UserId owner);

        Scopes scopes(Scopes scopes);
    }
}
