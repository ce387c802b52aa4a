package dev.latchkey.adapter.in.http.console;

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

    /** Never prints the fields: the sign-in and verify forms carry keys. */
    @Override
    public String toString() {
        return "ConsoleForm" + fields.keySet();
    }
}
