package dev.latchkey.domain.apikey;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32;

/**
 * A complete API key as a client presents it: {@code <prefix>_<keyId><secret><checksum>} (docs/api-guide.md §2).
 * Holds the secret, so it never prints it: {@link #toString()} shows the public part only.
 */
public final class ApiKeyToken {

    public static final int SECRET_LENGTH = 32;
    public static final int CHECKSUM_LENGTH = 6;
    public static final int BODY_LENGTH = KeyId.LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;
    /** The longest key that can parse; anything longer is rejected before any other work. */
    public static final int MAX_LENGTH = KeyPrefix.MAX_LENGTH + 1 + BODY_LENGTH;

    private final KeyPrefix prefix;
    private final KeyId keyId;
    private final String secret;

    private ApiKeyToken(KeyPrefix prefix, KeyId keyId, String secret) {
        this.prefix = Objects.requireNonNull(prefix);
        this.keyId = Objects.requireNonNull(keyId);
        this.secret = Objects.requireNonNull(secret);
    }

    /** A new key with a random key id and a secret drawn from {@code random} (a SecureRandom in production). */
    public static ApiKeyToken generate(KeyPrefix prefix, RandomGenerator random) {
        return new ApiKeyToken(prefix, KeyId.random(random), Base62.random(random, SECRET_LENGTH));
    }

    /**
     * The key in {@code presented}, or empty when it does not parse or its checksum does not match.
     * Never throws and never looks anything up.
     */
    public static Optional<ApiKeyToken> parse(String presented) {
        if (presented == null || presented.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int separator = presented.lastIndexOf('_');
        if (separator < 1 || presented.length() - separator - 1 != BODY_LENGTH) {
            return Optional.empty();
        }
        String prefix = presented.substring(0, separator);
        String body = presented.substring(separator + 1);
        if (!KeyPrefix.isValid(prefix) || !Base62.isBase62(body)) {
            return Optional.empty();
        }
        String unchecked = presented.substring(0, presented.length() - CHECKSUM_LENGTH);
        if (!checksumOf(unchecked).equals(presented.substring(presented.length() - CHECKSUM_LENGTH))) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeyToken(new KeyPrefix(prefix),
                new KeyId(body.substring(0, KeyId.LENGTH)),
                body.substring(KeyId.LENGTH, KeyId.LENGTH + SECRET_LENGTH)));
    }

    /**
     * Whether {@code presented} has the shape of a key (a valid prefix, {@code _}, a base62 body of the right length),
     * whatever its checksum: a key that has the shape and does not {@link #parse} has a wrong checksum. For
     * explaining a refusal only; {@link #parse} is what verification uses.
     */
    public static boolean isWellFormed(String presented) {
        if (presented == null || presented.length() < CHECKSUM_LENGTH || presented.length() > MAX_LENGTH) {
            return false;
        }
        String unchecked = presented.substring(0, presented.length() - CHECKSUM_LENGTH);
        return parse(unchecked + checksumOf(unchecked)).isPresent();
    }

    /** CRC32 of the UTF-8 bytes of {@code <prefix>_<keyId><secret>}, as 6 base62 digits. */
    static String checksumOf(String prefixKeyIdAndSecret) {
        CRC32 crc = new CRC32();
        crc.update(prefixKeyIdAndSecret.getBytes(StandardCharsets.UTF_8));
        return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
    }

    public KeyPrefix prefix() {
        return prefix;
    }

    public KeyId keyId() {
        return keyId;
    }

    /** The secret part; only the hasher should ever read it. */
    public String secret() {
        return secret;
    }

    /** The whole key, as shown once to its owner. */
    public String value() {
        String unchecked = prefix.value() + '_' + keyId.value() + secret;
        return unchecked + checksumOf(unchecked);
    }

    /** {@code <prefix>_<first 4 chars of keyId>}, shown in listings. */
    public String start() {
        return startOf(prefix, keyId);
    }

    static String startOf(KeyPrefix prefix, KeyId keyId) {
        return prefix.value() + '_' + keyId.value().substring(0, 4);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKeyToken that
                && prefix.equals(that.prefix) && keyId.equals(that.keyId) && secret.equals(that.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, keyId);
    }

    /** The public part only: the secret must never reach a log. */
    @Override
    public String toString() {
        return "ApiKeyToken[" + prefix.value() + '_' + keyId.value() + "…]";
    }
}
