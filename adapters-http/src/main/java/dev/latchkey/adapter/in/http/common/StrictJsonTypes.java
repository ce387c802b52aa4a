package dev.latchkey.adapter.in.http.common;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.InvalidFormatException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * JSON values are read as the type they are, never coerced: micronaut-serde would read {@code 123} or {@code true}
 * as a string, {@code "5"} or {@code true} as a number and {@code ["x"]} as {@code "x"}. A value of the wrong type is
 * refused with the property it was sent for, which the problem mapping reports as {@code 400 validation_failed}
 * naming the field (never quoting the value, which may be a key).
 */
@Factory
public final class StrictJsonTypes {

    /** How every refusal here begins; it never quotes the value. */
    public static final String MESSAGE_START = "must be ";

    @Singleton
    @Primary
    Deserializer<String> strings() {
        return strictNode(JsonNode::isString, "a string", JsonNode::getStringValue);
    }

    @Singleton
    @Primary
    Deserializer<Long> longs() {
        return strict(decoder -> integral(decoder.decodeNode(), Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Singleton
    @Primary
    Deserializer<Integer> integers() {
        return strict(decoder -> Math.toIntExact(integral(decoder.decodeNode(), Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }

    @Singleton
    @Primary
    Deserializer<Boolean> booleans() {
        return strictNode(JsonNode::isBoolean, "true or false", JsonNode::getBooleanValue);
    }

    /** An array of strings: not a lone string (which micronaut-serde would wrap), nor an array of anything else. */
    @Singleton
    @Primary
    Deserializer<List<String>> stringLists() {
        return strict(decoder -> {
            Object value = decoder.decodeArbitrary();
            if (!(value instanceof List<?> elements) || !elements.stream().allMatch(element -> element instanceof String)) {
                throw new InvalidFormatException(MESSAGE_START + "an array of strings, not " + kind(value), null, null);
            }
            List<String> strings = new ArrayList<>(elements.size());
            elements.forEach(element -> strings.add((String) element));
            return strings;
        });
    }

    /** A JSON object, as a map of its members. */
    @Singleton
    @Primary
    @SuppressWarnings("unchecked")
    Deserializer<Map<String, Object>> objects() {
        return strict(decoder -> {
            Object value = decoder.decodeArbitrary();
            if (!(value instanceof Map<?, ?>)) {
                throw new InvalidFormatException(MESSAGE_START + "an object, not " + kind(value), null, null);
            }
            return (Map<String, Object>) value;
        });
    }

    /** Reads one value of its type from the decoder, or refuses it. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(Decoder decoder) throws IOException;
    }

    /** A deserializer that reads with {@code reader}, and takes JSON null as null. */
    private static <T> Deserializer<T> strict(Reader<T> reader) {
        return new Deserializer<>() {
            @Override
            public T deserialize(Decoder decoder, DecoderContext context, Argument<? super T> type) throws IOException {
                return reader.read(decoder);
            }

            @Override
            public T deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super T> type)
                    throws IOException {
                return decoder.decodeNull() ? null : reader.read(decoder);
            }
        };
    }

    /** A deserializer of one JSON value that {@code isType} accepts, read by {@code value}; any other is refused. */
    private static <T> Deserializer<T> strictNode(Predicate<JsonNode> isType, String expected,
                                                  Function<JsonNode, T> value) {
        return strict(decoder -> {
            JsonNode node = decoder.decodeNode();
            if (!isType.test(node)) {
                throw wrongType(expected, node);
            }
            return value.apply(node);
        });
    }

    /** A whole number within [min, max]: {@code 5}, not {@code 5.5}, {@code "5"} or {@code true}. */
    private static long integral(JsonNode value, long min, long max) throws InvalidFormatException {
        if (!value.isNumber()) {
            throw wrongType("a whole number", value);
        }
        Number number = value.getNumberValue();
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return inRange(BigDecimal.valueOf(number.longValue()), min, max).longValueExact();
        }
        if ((number instanceof Double || number instanceof Float) && !Double.isFinite(number.doubleValue())) {
            throw outOfRange(min, max);
        }
        BigDecimal decimal = number instanceof BigDecimal exact ? exact
                : number instanceof BigInteger big ? new BigDecimal(big) : new BigDecimal(number.toString());
        // the range first: it compares magnitudes, so 1e999999999 is refused without being expanded
        inRange(decimal, min, max);
        if (decimal.stripTrailingZeros().scale() > 0) {
            throw wrongType("a whole number", value);
        }
        return decimal.longValue();
    }

    private static BigDecimal inRange(BigDecimal number, long min, long max) throws InvalidFormatException {
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw outOfRange(min, max);
        }
        return number;
    }

    private static InvalidFormatException outOfRange(long min, long max) {
        return new InvalidFormatException(MESSAGE_START + "a whole number of at most "
                + (max == Long.MAX_VALUE ? 64 : 32) + " bits", null, null);
    }

    private static InvalidFormatException wrongType(String expected, JsonNode value) {
        return new InvalidFormatException(MESSAGE_START + expected + ", not " + kind(value), null, null);
    }

    /** The JSON type of a value decoded as an arbitrary one (map, list, string, number, boolean or null). */
    private static String kind(Object value) {
        if (value instanceof List<?> elements) {
            return elements.stream().allMatch(element -> element instanceof String) ? "an array"
                    : "an array holding other values than strings";
        }
        return value instanceof Map<?, ?> ? "an object" : value instanceof String ? "a string"
                : value instanceof Number ? "a number" : value instanceof Boolean ? "a boolean" : "null";
    }

    private static String kind(JsonNode value) {
        if (value.isString()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "an array";
        }
        return value.isObject() ? "an object" : "null";
    }
}
