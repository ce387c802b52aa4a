package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;

/**
 * The readable part of a key before its last {@code _}: segments of 1–20 {@code [a-z0-9]} joined by {@code _}
 * ({@code lk}, {@code acme_live}), at most {@value #MAX_LENGTH} characters in all.
 */
public record KeyPrefix(String value) {

    public static final int MAX_LENGTH = 64;
    private static final int MAX_SEGMENT_LENGTH = 20;
    public static final KeyPrefix DEFAULT = new KeyPrefix("lk");

    public KeyPrefix {
        if (!isValid(value)) {
            throw new InvalidValueException("prefix",
                    "prefix must be segments of 1-20 characters [a-z0-9] joined by '_', at most "
                            + MAX_LENGTH + " characters");
        }
    }

    /** Whether {@code candidate} is a well-formed prefix (scanned by hand: it is checked on every request). */
    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() > MAX_LENGTH) {
            return false;
        }
        int segment = 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c == '_') {
                if (segment == 0) {
                    return false;
                }
                segment = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (++segment > MAX_SEGMENT_LENGTH) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return segment > 0;
    }

    @Override
    public String toString() {
        return value;
    }
}
