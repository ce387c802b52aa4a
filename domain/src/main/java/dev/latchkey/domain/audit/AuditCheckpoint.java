package dev.latchkey.domain.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A signed statement of the audit chain's head (docs/audit-chain.md): at {@code at}, link {@code sequence} (event
 * {@code headEventId}, 0 for an empty chain) had hash {@code headHash}. Announced as the webhook
 * {@code audit.checkpoint} so that it is kept outside the database; a chain that no longer holds it lost its tail or
 * was rewritten. The signed text is {@link #signedText()}; {@code signature} is base64 (standard, padded).
 */
public record AuditCheckpoint(long sequence, long headEventId, String headHash, Instant at, String algorithm,
                              String signature) {

    /** HMAC-SHA256 under a key derived from the pepper ({@link #hmacKey}). */
    public static final String HMAC_SHA256 = "HMAC-SHA256";
    /** Ed25519 under the operator's key ({@code latchkey.audit.checkpoint-signing-key}). */
    public static final String ED25519 = "Ed25519";
    /** What the pepper is keyed with to derive the checkpoint key: never the pepper itself. */
    static final String HMAC_KEY_LABEL = "latchkey audit checkpoint key v1";

    public AuditCheckpoint {
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(signature, "signature");
    }

    /** The text signed: {@code latchkey-audit-checkpoint-1}, sequence, event id, hash and time (ISO-8601), one a line. */
    public static String signedText(long sequence, long headEventId, String headHash, Instant at) {
        return "latchkey-audit-checkpoint-1\n" + sequence + "\n" + headEventId + "\n" + headHash + "\n" + at + "\n";
    }

    public String signedText() {
        return signedText(sequence, headEventId, headHash, at);
    }

    /** The checkpoint key: HMAC-SHA256(pepper, {@value #HMAC_KEY_LABEL}). */
    public static byte[] hmacKey(byte[] pepper) {
        return hmac(pepper, HMAC_KEY_LABEL.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has HmacSHA256", e);
        }
    }

    /** Signs checkpoints: with the derived HMAC key, or the operator's Ed25519 key. */
    public interface Signer {

        String algorithm();

        /** The signature of {@code text}, base64. */
        String sign(String text);

        /** The signer under the key derived from {@code pepper}. */
        static Signer hmac(byte[] pepper) {
            byte[] key = hmacKey(pepper);
            return new Signer() {
                @Override
                public String algorithm() {
                    return HMAC_SHA256;
                }

                @Override
                public String sign(String text) {
                    return Base64.getEncoder().encodeToString(
                            AuditCheckpoint.hmac(key, text.getBytes(StandardCharsets.UTF_8)));
                }
            };
        }

        /** The signer under the operator's Ed25519 private key. */
        static Signer ed25519(PrivateKey key) {
            return new Signer() {
                @Override
                public String algorithm() {
                    return ED25519;
                }

                @Override
                public String sign(String text) {
                    try {
                        Signature signature = Signature.getInstance("Ed25519");
                        signature.initSign(key);
                        signature.update(text.getBytes(StandardCharsets.UTF_8));
                        return Base64.getEncoder().encodeToString(signature.sign());
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("cannot sign with the Ed25519 key: " + e.getMessage(), e);
                    }
                }
            };
        }
    }

    /** A new checkpoint of the head, signed by {@code signer}. */
    public static AuditCheckpoint sign(long sequence, long headEventId, String headHash, Instant at, Signer signer) {
        return new AuditCheckpoint(sequence, headEventId, headHash, at, signer.algorithm(),
                signer.sign(signedText(sequence, headEventId, headHash, at)));
    }

    /** Whether the HMAC signature is the one the key derived from {@code pepper} gives (compared in constant time). */
    public boolean signedWithPepper(byte[] pepper) {
        if (!HMAC_SHA256.equals(algorithm)) {
            return false;
        }
        return java.security.MessageDigest.isEqual(Signer.hmac(pepper).sign(signedText())
                .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether the Ed25519 signature verifies under {@code key}. */
    public boolean signedWith(PublicKey key) {
        if (!ED25519.equals(algorithm)) {
            return false;
        }
        try {
            Signature check = Signature.getInstance("Ed25519");
            check.initVerify(key);
            check.update(signedText().getBytes(StandardCharsets.UTF_8));
            return check.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
