package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import java.util.regex.Pattern;

/**
 * The readable part of a key before its last {@code _}: segments of 1–20 {@code [a-z0-9]} joined by {@code _}
 * ({@code lk}, {@code acme_live}), at most {@value #MAX_LENGTH} characters in all.
 */
public record KeyPrefix(String value) {

    public static final int MAX_LENGTH = 64;
    private static final Pattern PATTERN = Pattern.compile("[a-z0-9]{1,20}(_[a-z0-9]{1,20})*");
    public static final KeyPrefix DEFAULT = new KeyPrefix("lk");

    public KeyPrefix {
        if (!isValid(value)) {
            throw new InvalidValueException("prefix",
                    "prefix must be segments of 1-20 characters [a-z0-9] joined by '_', at most "
                            + MAX_LENGTH + " characters");
        }
    }

    /** Whether {@code candidate} is a well-formed prefix. */
    public static boolean isValid(String candidate) {
        return candidate != null && candidate.length() <= MAX_LENGTH && PATTERN.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
