package dev.latchkey.adapter.in.http.common;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.Scopes;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading fields of a JSON request body strictly: a value of the wrong JSON type is refused naming its field, never
 * coerced. Shared by the request records of every resource.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** An integer the domain bounds further; anything beyond an int is out of every bound. */
    public static int boundedInt(String field, Object value) {
        long whole = integer(field, value);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, whole));
    }

    /** A JSON whole number (anything else, a fraction, a string, is refused naming {@code field}). */
    public static long integer(String field, Object value) {
        if (value instanceof java.math.BigInteger big) {
            return big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)) {
            throw new InvalidValueException(field, field + " must be a whole number");
        }
        return ((Number) value).longValue();
    }

    public static Scopes scopes(JsonNode node) {
        return Scopes.parse(strings("scopes", node));
    }

    /** An array of strings, else {@code InvalidValueException} naming {@code field}. */
    public static List<String> strings(String field, JsonNode node) {
        if (!node.isArray()) {
            throw new InvalidValueException(field, field + " must be an array of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : node.values()) {
            texts.add(string(field, element, false));
        }
        return texts;
    }

    public static void requireObject(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidValueException("body", "the body must be a JSON object");
        }
    }

    public static String string(String field, JsonNode value, boolean nullable) {
        if (value.isNull() && nullable) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidValueException(field, field + " must be a string" + (nullable ? " or null" : ""));
        }
        return value.getStringValue();
    }

    /** An RFC 3339 timestamp with an offset, as an instant; absent stays absent. */
    public static Instant timestamp(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, field + " must be an RFC 3339 timestamp, e.g. 2026-11-22T10:15:30Z");
        }
    }
}
