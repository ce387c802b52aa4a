package dev.latchkey.domain;

/** A command that cannot be carried out for a business reason the caller can act on. */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
