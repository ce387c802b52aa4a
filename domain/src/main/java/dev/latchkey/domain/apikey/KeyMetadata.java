package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import java.nio.charset.StandardCharsets;

/** The owner's own data on a key: a JSON object, kept as its text, at most {@value #MAX_BYTES} bytes of UTF-8. */
public record KeyMetadata(String json) {

    public static final int MAX_BYTES = 4096;

    public KeyMetadata {
        String text = json == null ? "" : json.strip();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new InvalidValueException("meta", "meta must be a JSON object");
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidValueException("meta", "meta must be at most " + MAX_BYTES + " bytes of JSON");
        }
    }
}
