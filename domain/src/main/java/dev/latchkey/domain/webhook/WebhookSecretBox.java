package dev.latchkey.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps webhook secrets sealed at rest: AES-256-GCM under a key derived from the server's pepper (HMAC-SHA-256 of a
 * fixed label), a random 96-bit nonce per seal. The store holds {@code v1:<base64 of nonce and ciphertext>}, so a
 * copy of the database alone does not let anyone sign deliveries. Like the API keys' hashes, it needs the same
 * pepper on every node and after every restart.
 */
public final class WebhookSecretBox {

    static final String VERSION = "v1:";
    private static final byte[] LABEL = "latchkey/webhook-secrets/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASSOCIATED = "webhook-secret".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public WebhookSecretBox(byte[] pepper) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper.clone(), "HmacSHA256"));
            this.key = new SecretKeySpec(mac.doFinal(LABEL), "AES");
            cipher(Cipher.ENCRYPT_MODE, new byte[NONCE_BYTES]); // fails at start, not at the first seal
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM or HMAC-SHA-256 is not available", e);
        }
    }

    /** The sealed text of {@code secret}; another each time. */
    public String seal(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce).doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a webhook secret", e);
        }
    }

    /** The secret sealed in {@code stored}; {@code IllegalStateException} for text this box did not seal. */
    public String open(String stored) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new IllegalStateException("not a sealed webhook secret");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            if (bytes.length <= NONCE_BYTES) {
                throw new IllegalStateException("not a sealed webhook secret");
            }
            byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
            return new String(cipher(Cipher.DECRYPT_MODE, nonce).doFinal(bytes, NONCE_BYTES,
                    bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a webhook secret cannot be opened: altered, or sealed under another"
                    + " pepper");
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(ASSOCIATED);
        return cipher;
    }
}
