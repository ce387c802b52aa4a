package dev.latchkey.domain.user;

import dev.latchkey.domain.InvalidValueException;
import java.util.Objects;

/**
 * A search among users: the users whose name, email or externalId contains {@code text}, the letters A-Z matching
 * either case (other characters match themselves only, the same on every store).
 */
public record UserSearch(String text) {

    public static final int MAX_LENGTH = 200;

    public UserSearch {
        Objects.requireNonNull(text, "text");
        text = text.strip();
        if (text.isEmpty() || text.length() > MAX_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException("q", "q must be 1-" + MAX_LENGTH + " characters without control characters");
        }
    }

    /** The text with A-Z lowered, as the stores compare it: Unicode case rules differ between databases. */
    public String folded() {
        return fold(text);
    }

    public boolean matches(User user) {
        String needle = folded();
        return contains(user.name(), needle) || contains(user.email(), needle) || contains(user.externalId(), needle);
    }

    private static boolean contains(String field, String needle) {
        return field != null && fold(field).contains(needle);
    }

    /** Lowers A-Z only. */
    public static String fold(String value) {
        StringBuilder folded = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }
}
