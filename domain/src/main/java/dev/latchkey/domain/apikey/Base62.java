package dev.latchkey.domain.apikey;

import java.util.random.RandomGenerator;

/** The base62 alphabet of the key format: {@code 0-9A-Za-z}, in that order. */
public final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Base62() {
    }

    /** Whether every character of {@code text} is in the alphabet. */
    public static boolean isBase62(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isBase62(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** {@code length} characters drawn uniformly from the alphabet. */
    public static String random(RandomGenerator random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }

    /** The base62 digits of a non-negative number, most significant first, left-padded with '0'. */
    static String encode(long value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value");
        }
        char[] digits = new char[width];
        long rest = value;
        for (int i = width - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (rest % 62));
            rest /= 62;
        }
        if (rest != 0) {
            throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
        }
        return new String(digits);
    }
}
