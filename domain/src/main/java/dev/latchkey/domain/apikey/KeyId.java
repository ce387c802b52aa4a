package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import java.util.random.RandomGenerator;

/** The public identifier of a key: 12 random base62 characters, part of the key itself. */
public record KeyId(String value) {

    public static final int LENGTH = 12;

    public KeyId {
        if (!isValid(value)) {
            throw new InvalidValueException("keyId", "a key id is " + LENGTH + " base62 characters");
        }
    }

    /** Whether {@code candidate} is a well-formed key id. */
    public static boolean isValid(String candidate) {
        return candidate != null && candidate.length() == LENGTH && Base62.isBase62(candidate);
    }

    static KeyId random(RandomGenerator random) {
        return new KeyId(Base62.random(random, LENGTH));
    }

    @Override
    public String toString() {
        return value;
    }
}
