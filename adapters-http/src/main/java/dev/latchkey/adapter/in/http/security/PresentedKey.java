package dev.latchkey.adapter.in.http.security;

import io.micronaut.http.HttpHeaders;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** What a request presents as its API key (docs/api-guide.md §1): nothing, one key, or something unusable. */
public sealed interface PresentedKey {

    /** A header value longer than this is refused as malformed without further work. */
    int MAX_HEADER_LENGTH = 256;
    String API_KEY_HEADER = "X-API-Key";
    String BEARER = "bearer ";

    record None() implements PresentedKey {
    }

    record Ambiguous() implements PresentedKey {
    }

    /** Longer than {@link #MAX_HEADER_LENGTH}, or holding a control character: malformed before any parsing. */
    record Unreadable() implements PresentedKey {
    }

    /** Exactly one distinct key value; never logged or echoed. */
    record Key(String value) implements PresentedKey {
        @Override
        public String toString() {
            return "Key[redacted]";
        }
    }

    /**
     * Reads the {@code keyHeaderNames} (see {@link #keyHeaderNames}) and {@code Authorization: Bearer}.
     * Several different values are ambiguous; the same value in several headers is one key.
     */
    static PresentedKey from(HttpHeaders headers, List<String> keyHeaderNames) {
        Set<String> values = new LinkedHashSet<>();
        boolean unreadable = false;
        for (String name : keyHeaderNames) {
            for (String value : headers.getAll(name)) {
                unreadable |= value.length() > MAX_HEADER_LENGTH || hasControlCharacter(value);
                values.add(value.strip());
            }
        }
        for (String authorization : headers.getAll(HttpHeaders.AUTHORIZATION)) {
            if (authorization.length() > BEARER.length()
                    && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                unreadable |= authorization.length() > MAX_HEADER_LENGTH || hasControlCharacter(authorization);
                values.add(authorization.substring(BEARER.length()).strip());
            }
        }
        if (values.size() > 1) {
            return new Ambiguous();
        }
        if (unreadable) {
            return new Unreadable();
        }
        return values.isEmpty() ? new None() : new Key(values.iterator().next());
    }

    /**
     * Whether {@code value} holds a control character (U+0000 to U+001F but tab, or U+007F): never part of a key,
     * and not to be stripped into one.
     */
    static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** {@code X-API-Key} and the configured extra names (blank ones dropped): computed once, read per request. */
    static List<String> keyHeaderNames(List<String> extra) {
        return Stream.concat(Stream.of(API_KEY_HEADER), extra.stream().map(String::strip).filter(n -> !n.isEmpty()))
                .toList();
    }
}
