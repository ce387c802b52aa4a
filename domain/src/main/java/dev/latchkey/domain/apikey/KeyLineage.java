package dev.latchkey.domain.apikey;

/**
 * How a key came to be, and whose limits it draws on. {@code rotatedFrom}: the key it replaced ({@code null}: issued);
 * {@code selfRotated}: whether that key replaced itself ({@code POST /v1/me/rotate}) rather than being rotated by a
 * caller with {@code keys:write}; {@code limitsKeyId}: the key whose usage quota and rate-limit bucket it shares
 * ({@code null}: its own), the first key of its line of rotations. Every key of one line draws on one quota (held by
 * the newest of them, the only one not rotated) and one rate-limit bucket (named by that first key): during a grace
 * period the old and the new key together never get more uses than one key would have had.
 */
public record KeyLineage(KeyId rotatedFrom, boolean selfRotated, KeyId limitsKeyId) {

    /** A key issued as such, not by a rotation. */
    public static final KeyLineage ISSUED = new KeyLineage(null, false, null);

    public KeyLineage {
        if (rotatedFrom == null && (selfRotated || limitsKeyId != null)) {
            throw new IllegalArgumentException("only a rotated key has a rotation kind and another key's limits");
        }
    }

    /** The lineage of {@code retired}'s replacement: rotated from it, by itself or not, sharing its limits. */
    static KeyLineage replacing(ApiKey retired, boolean selfRotated) {
        return new KeyLineage(retired.id(), selfRotated, retired.limitsKeyId());
    }
}
