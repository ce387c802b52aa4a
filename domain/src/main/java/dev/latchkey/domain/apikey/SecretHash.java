package dev.latchkey.domain.apikey;

import java.util.Arrays;

/** The keyed hash (HMAC-SHA-256) of a key's secret: what is stored instead of the secret. */
public final class SecretHash {

    public static final int LENGTH = 32;
    private final byte[] bytes;

    private SecretHash(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a secret hash is " + LENGTH + " bytes");
        }
        this.bytes = bytes;
    }

    /** Wraps a stored hash (copied). */
    public static SecretHash of(byte[] bytes) {
        return new SecretHash(bytes.clone());
    }

    static SecretHash adopt(byte[] bytes) {
        return new SecretHash(bytes);
    }

    /** A copy of the hash bytes, for storage. */
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretHash that && java.security.MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Never prints the hash: it must not reach a log. */
    @Override
    public String toString() {
        return "SecretHash[redacted]";
    }
}
