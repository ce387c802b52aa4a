package dev.latchkey.adapter.in.http.console;

import dev.latchkey.domain.InvalidValueException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The fields of a posted console form, as text; blank fields are absent. */
record ConsoleForm(Map<String, String> fields) {

    static ConsoleForm of(Map<String, String> body) {
        return new ConsoleForm(body == null ? Map.of() : body);
    }

    /** The field as sent, {@code null} when it was not. */
    String raw(String name) {
        return fields.get(name);
    }

    /** The field stripped, {@code null} when absent or blank. */
    String text(String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The words of a field, separated by spaces or commas, each once: none when the field is absent or blank. */
    List<String> words(String name) {
        String value = text(name);
        return value == null ? List.of()
                : Arrays.stream(value.split("[\\s,]+")).filter(word -> !word.isEmpty()).distinct().toList();
    }

    /** The field as a {@code datetime-local} value in UTC, {@code null} when absent or blank. */
    Instant time(String name, String example) {
        return time(name, fields.get(name), example);
    }

    /**
     * A {@code datetime-local} value (a form's field or a query's parameter) in UTC, {@code null} when absent or blank;
     * refused with {@code example} when it is not one.
     */
    static Instant time(String field, String text, String example) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, field + " must be a date and time, e.g. " + example);
        }
    }

    /** Never prints the fields: the sign-in and verify forms carry keys. */
    @Override
    public String toString() {
        return "ConsoleForm" + fields.keySet();
    }
}
