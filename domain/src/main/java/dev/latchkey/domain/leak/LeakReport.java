package dev.latchkey.domain.leak;

import dev.latchkey.domain.InvalidValueException;

/**
 * One candidate string found in a public place, as a secret scanner reports it (GitHub's partner format): the
 * {@code token}, the scanner's {@code type} for it, the {@code url} where it was found and the {@code source} (e.g.
 * {@code content}, {@code commit}). Only the token is required. Never printed with its token.
 */
public record LeakReport(String token, String type, String url, String source) {

    public static final int MAX_TOKEN_LENGTH = 1_000;
    public static final int MAX_TEXT_LENGTH = 2_000;

    public LeakReport {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidValueException("token", "token must be 1-" + MAX_TOKEN_LENGTH + " characters");
        }
        requireShort("type", type);
        requireShort("url", url);
        requireShort("source", source);
    }

    private static void requireShort(String field, String value) {
        if (value != null && value.length() > MAX_TEXT_LENGTH) {
            throw new InvalidValueException(field, field + " must be at most " + MAX_TEXT_LENGTH + " characters");
        }
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "LeakReport[type=" + type + ", url=" + url + ", source=" + source + "]";
    }
}
