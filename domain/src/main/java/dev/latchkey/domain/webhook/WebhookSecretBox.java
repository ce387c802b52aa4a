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
 * fixed label), a random 96-bit nonce per seal. The store holds {@code v2:<base64 of nonce and ciphertext>}, so a
 * copy of the database alone does not let anyone sign deliveries. The associated data names the endpoint the secret
 * belongs to, so a seal copied onto another endpoint's row does not open there (whoever can write rows cannot give an
 * endpoint they made the secret of another). Seals of the first form ({@code v1:}, bound to no endpoint) still open.
 * Like the API keys' hashes, it needs the same pepper on every node and after every restart.
 */
public final class WebhookSecretBox {

    static final String VERSION = "v2:";
    /** The first form: associated data that names no endpoint; still opened, never written. */
    static final String UNBOUND_VERSION = "v1:";
    private static final byte[] LABEL = "latchkey/webhook-secrets/v1".getBytes(StandardCharsets.US_ASCII);
    private static final String ASSOCIATED = "webhook-secret";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public WebhookSecretBox(byte[] pepper) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper.clone(), "HmacSHA256"));
            this.key = new SecretKeySpec(mac.doFinal(LABEL), "AES");
            cipher(Cipher.ENCRYPT_MODE, new byte[NONCE_BYTES], ASSOCIATED); // fails at start, not at the first seal
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM or HMAC-SHA-256 is not available", e);
        }
    }

    /** The sealed text of {@code secret}, the secret of {@code endpoint}; another each time. */
    public String seal(String secret, WebhookId endpoint) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, bound(endpoint)).doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a webhook secret", e);
        }
    }

    /**
     * The secret sealed in {@code stored} for {@code endpoint}; {@code IllegalStateException} for text this box did
     * not seal, or sealed for another endpoint.
     */
    public String open(String stored, WebhookId endpoint) {
        String associated;
        if (stored != null && stored.startsWith(VERSION)) {
            associated = bound(endpoint);
        } else if (stored != null && stored.startsWith(UNBOUND_VERSION)) {
            associated = ASSOCIATED;
        } else {
            throw new IllegalStateException("not a sealed webhook secret");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            if (bytes.length <= NONCE_BYTES) {
                throw new IllegalStateException("not a sealed webhook secret");
            }
            byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
            return new String(cipher(Cipher.DECRYPT_MODE, nonce, associated).doFinal(bytes, NONCE_BYTES,
                    bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a webhook secret cannot be opened: altered, sealed for another endpoint,"
                    + " or sealed under another pepper");
        }
    }

    private static String bound(WebhookId endpoint) {
        return ASSOCIATED + ":" + endpoint.value();
    }

    private Cipher cipher(int mode, byte[] nonce, String associated) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associated.getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }
}
