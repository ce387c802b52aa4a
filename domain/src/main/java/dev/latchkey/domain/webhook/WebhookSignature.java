package dev.latchkey.domain.webhook;

import dev.latchkey.domain.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery, in the Standard Webhooks convention: HMAC-SHA-256, under the endpoint's secret,
 * of {@code <message id>.<timestamp in seconds>.<body>}, sent as {@code webhook-signature: v1,<base64>} beside
 * {@code webhook-id} and {@code webhook-timestamp}. A receiver recomputes it and refuses a delivery whose signature
 * differs (a forgery) or whose timestamp is too far from its clock (a replay).
 */
public final class WebhookSignature {

    /** The prefix of a secret's text; the rest is the key, base64. */
    public static final String SECRET_PREFIX = "whsec_";
    public static final String VERSION = "v1";
    /** How far a delivery's timestamp may be from the receiver's clock, either way. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;

    private WebhookSignature(byte[] key) {
        this.key = key;
    }

    /** From a secret's text, {@code whsec_<base64 of at least 24 bytes>}. */
    public static WebhookSignature ofSecret(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new InvalidValueException("secret", "a webhook secret starts with " + SECRET_PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("secret", "a webhook secret is " + SECRET_PREFIX + " and base64");
        }
        if (key.length < 24) {
            throw new InvalidValueException("secret", "a webhook secret holds at least 24 bytes");
        }
        return new WebhookSignature(key);
    }

    /** The secret's text for a new endpoint, from {@code randomBytes} (32 of them from a secure random). */
    public static String secretOf(byte[] randomBytes) {
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(randomBytes);
    }

    /** The value of the {@code webhook-signature} header. */
    public String sign(String messageId, Instant timestamp, String body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(messageId, timestamp.getEpochSecond(), body));
    }

    /**
     * Whether a delivery is genuine and fresh: one of the space-separated {@code v1,} signatures of the header matches
     * (compared in constant time) and the timestamp is within {@code tolerance} of {@code now}.
     */
    public boolean verify(String messageId, String timestampHeader, String body, String signatureHeader,
                          Instant now, Duration tolerance) {
        long seconds;
        try {
            seconds = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds() || signatureHeader == null) {
            return false;
        }
        byte[] expected = mac(messageId, seconds, body);
        for (String candidate : signatureHeader.strip().split(" +")) {
            if (candidate.startsWith(VERSION + ",")) {
                byte[] presented;
                try {
                    presented = Base64.getDecoder().decode(candidate.substring(VERSION.length() + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, presented)) {
                    return true;
                }
            }
        }
        return false;
    }

    private byte[] mac(String messageId, long timestampSeconds, String body) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return hmac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "WebhookSignature[redacted]";
    }
}
