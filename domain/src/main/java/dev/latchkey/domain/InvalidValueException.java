package dev.latchkey.domain;

/** A value that breaks a domain rule; carries the name of the offending field for the caller. */
public final class InvalidValueException extends IllegalArgumentException {

    private final String field;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The name of the field (as the API calls it) whose value is invalid. */
    public String field() {
        return field;
    }
}
