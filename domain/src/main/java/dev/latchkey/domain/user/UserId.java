package dev.latchkey.domain.user;

import dev.latchkey.domain.InvalidValueException;
import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The identifier of a user: a time-ordered UUID (version 7) in lower-case text form,
 * so ids sort in creation order and make stable pagination cursors.
 */
public record UserId(String value) implements Comparable<UserId> {

    private static final Pattern PATTERN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public UserId {
        if (!isValid(value)) {
            throw new InvalidValueException("userId", "a user id is a lower-case UUID");
        }
    }

    public static boolean isValid(String candidate) {
        return candidate != null && PATTERN.matcher(candidate).matches();
    }

    /** A new UUIDv7: 48 bits of Unix milliseconds, then version, variant and random bits. */
    public static UserId generate(Instant now, RandomGenerator random) {
        long millis = now.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UserId(new UUID(high, low).toString());
    }

    @Override
    public int compareTo(UserId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
