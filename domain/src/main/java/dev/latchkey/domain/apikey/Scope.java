package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import java.util.regex.Pattern;

/** A permission a key holds: {@code [a-z0-9][a-z0-9:._-]{0,63}}. */
public record Scope(String value) implements Comparable<Scope> {

    private static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9:._-]{0,63}");

    public static final Scope ADMIN = new Scope("admin");
    public static final Scope USERS_READ = new Scope("users:read");
    public static final Scope USERS_WRITE = new Scope("users:write");
    public static final Scope KEYS_READ = new Scope("keys:read");
    public static final Scope KEYS_WRITE = new Scope("keys:write");
    public static final Scope KEYS_VERIFY = new Scope("keys:verify");
    public static final Scope AUDIT_READ = new Scope("audit:read");
    /** A key with this scope may replace itself ({@code POST /v1/me/rotate}). */
    public static final Scope ME_ROTATE = new Scope("me:rotate");

    public Scope {
        if (!isValid(value)) {
            throw new InvalidValueException("scopes",
                    "a scope is 1-64 characters of [a-z0-9:._-] starting with [a-z0-9]");
        }
    }

    /** Whether {@code candidate} is a well-formed scope. */
    public static boolean isValid(String candidate) {
        return candidate != null && PATTERN.matcher(candidate).matches();
    }

    @Override
    public int compareTo(Scope other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
