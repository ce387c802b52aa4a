package dev.latchkey.domain.apikey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA-256 of key secrets with a server-side pepper; compares in constant time. */
public final class SecretHasher {

    public static final int MIN_PEPPER_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    public SecretHasher(byte[] pepper) {
        if (pepper == null || pepper.length < MIN_PEPPER_BYTES) {
            throw new IllegalArgumentException("the pepper must be at least " + MIN_PEPPER_BYTES + " bytes");
        }
        SecretKeySpec key = new SecretKeySpec(pepper.clone(), ALGORITHM);
        newMac(key); // fails at start-up, not on the first request, if HMAC-SHA-256 is missing
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /** The keyed hash of a token's secret. */
    public SecretHash hash(ApiKeyToken token) {
        return SecretHash.adopt(hmac(token.secret()));
    }

    /** Whether {@code token}'s secret hashes to {@code stored}, compared in constant time. */
    public boolean matches(ApiKeyToken token, SecretHash stored) {
        return MessageDigest.isEqual(hmac(token.secret()), stored.unsafeBytes());
    }

    private byte[] hmac(String secret) {
        Mac mac = macs.get();
        return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    }
}
